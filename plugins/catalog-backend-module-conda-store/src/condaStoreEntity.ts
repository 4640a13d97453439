import { createHash } from 'node:crypto';
import type { Entity } from '@backstage/catalog-model';
import {
  CONDA_ENVIRONMENT_TYPE,
  CONDA_STORE_BUILD_ANNOTATION,
  CONDA_STORE_ENVIRONMENT_ANNOTATION,
  CONDA_STORE_NAMESPACE_ANNOTATION,
  CondaStoreBuildSummary,
  CondaStoreEntitySpec,
  ENVIRONMENT_NAME_LABEL,
  ENVIRONMENT_VERSION_LABEL,
} from '@internal/plugin-environments-common';
import type {
  CondaStoreBuild,
  CondaStoreEnvironment,
  CondaStorePackage,
} from '@internal/plugin-environments-node';

/** Builds listed on an entity: enough for the page, small enough for the catalog. */
export const MAX_LISTED_BUILDS = 25;

export interface OwnerRules {
  platformOwner: string;
  namespaceOwners: Record<string, string>;
}

/** The entity's owner: global → the platform's owner, else the namespace's group. */
export function ownerOf(namespace: string, rules: OwnerRules): string {
  if (rules.namespaceOwners[namespace]) return rules.namespaceOwners[namespace];
  if (namespace === 'global') return rules.platformOwner;
  return `group:default/${slug(namespace)}`;
}

// conda-store names allow `A-Za-z0-9-+_@$&?^~.=`; the environments model wants
// lower-case letters, digits and dashes.
function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'x'
  );
}

/**
 * `<namespace>-<environment>` as an entity name (at most 63 characters: a long one is
 * cut and suffixed with a hash of the full conda-store name so two never collide).
 */
export function condaStoreEnvironmentName(
  namespace: string,
  environment: string,
): string {
  const name = `${slug(namespace)}-${slug(environment)}`;
  if (name.length <= 63) return name;
  const hash = createHash('sha256')
    .update(`${namespace}/${environment}`)
    .digest('hex')
    .slice(0, 8);
  return `${name.slice(0, 54).replace(/-+$/, '')}-${hash}`;
}

export function summarizeBuild(
  build: CondaStoreBuild,
  failure?: { failure: string; solverFailure: boolean },
): CondaStoreBuildSummary {
  return {
    id: build.id,
    status: build.status,
    scheduledOn: build.scheduled_on,
    ...(build.started_on ? { startedOn: build.started_on } : {}),
    ...(build.ended_on ? { endedOn: build.ended_on } : {}),
    size: build.size,
    ...(build.status === 'FAILED' && failure ? failure : {}),
  };
}

/**
 * The catalog entity of one conda-store environment: a conda-environment Resource whose
 * version is its current build, with its newest builds, and the current build's
 * specification and resolved packages.
 */
export function condaStoreEnvironmentEntity(input: {
  url: string;
  environment: CondaStoreEnvironment;
  /** The current build, with its specification. */
  currentBuild: CondaStoreBuild;
  /** Every build of the environment known, any order. */
  builds: CondaStoreBuild[];
  packages: CondaStorePackage[];
  owners: OwnerRules;
  /** Why failed builds failed, by build id. */
  failures?: Map<number, { failure: string; solverFailure: boolean }>;
}): Entity {
  const { environment, currentBuild } = input;
  const namespace = environment.namespace.name;
  const name = condaStoreEnvironmentName(namespace, environment.name);
  const spec = currentBuild.specification?.spec;
  const newestFirst = [...input.builds].sort((a, b) => b.id - a.id);
  const condaStore: CondaStoreEntitySpec = {
    url: input.url,
    namespace,
    environment: environment.name,
    currentBuildId: currentBuild.id,
    builds: newestFirst
      .slice(0, MAX_LISTED_BUILDS)
      .map(b => summarizeBuild(b, input.failures?.get(b.id))),
    buildCount: newestFirst.length,
    packages: input.packages.map(
      p => `${p.channel.name}::${p.name}=${p.version}`,
    ),
  };
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      title: `${namespace}/${environment.name}`,
      description:
        environment.description ||
        `conda-store environment ${namespace}/${environment.name}`,
      labels: {
        [ENVIRONMENT_NAME_LABEL]: name,
        [ENVIRONMENT_VERSION_LABEL]: String(currentBuild.id),
      },
      annotations: {
        [CONDA_STORE_NAMESPACE_ANNOTATION]: namespace,
        [CONDA_STORE_ENVIRONMENT_ANNOTATION]: environment.name,
        [CONDA_STORE_BUILD_ANNOTATION]: String(currentBuild.id),
        'backstage.io/managed-by-location': `url:${input.url}/`,
        'backstage.io/managed-by-origin-location': `url:${input.url}/`,
      },
      tags: ['conda', 'conda-store'],
      links: [{ url: `${input.url}/`, title: 'conda-store' }],
    },
    spec: {
      type: CONDA_ENVIRONMENT_TYPE,
      owner: ownerOf(namespace, input.owners),
      lifecycle: 'production',
      environment: {
        name,
        version: String(currentBuild.id),
        // conda-store fills an empty channel list with its conda_default_channels
        // (conda-forge unless the site changed it).
        channels: spec?.channels?.length ? spec.channels : ['conda-forge'],
        dependencies: spec?.dependencies ?? [],
      },
      condaStore: condaStore as unknown as Entity['spec'],
    },
  };
}
