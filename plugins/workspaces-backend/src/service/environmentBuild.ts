import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CONDA_STORE_BUILD_ANNOTATION,
  CONDA_STORE_ENVIRONMENT_ANNOTATION,
  CONDA_STORE_NAMESPACE_ANNOTATION,
} from '@internal/plugin-environments-common';
import type { LaunchEnvironment } from '@internal/plugin-workspaces-node';
import type { ProjectCaller } from './projectAccess';

/** A conda-store environment as its catalog entity names it, with its current build. */
export interface CondaStoreEnvironmentSource {
  namespace: string;
  environment: string;
  currentBuildId: number;
}

/**
 * Reads an environment entity as the caller: undefined when the catalog has none by that
 * ref, `{}` for a curated environment, `{ condaStore }` for one conda-store provides.
 */
export type EnvironmentLookup = (
  environmentRef: string,
  caller: ProjectCaller,
) => Promise<{ condaStore?: CondaStoreEnvironmentSource } | undefined>;

/** An {@link EnvironmentLookup} on the catalog, with the caller's credentials. */
export function catalogEnvironmentLookup(
  catalog: CatalogService,
): EnvironmentLookup {
  return async (environmentRef, caller) => {
    if (!caller.credentials) {
      throw new Error(
        'An environment is read with the credentials of its caller',
      );
    }
    const entity = await catalog.getEntityByRef(
      parseEntityRef(environmentRef),
      {
        credentials: caller.credentials,
      },
    );
    if (!entity) return undefined;
    const annotations = entity.metadata.annotations ?? {};
    const namespace = annotations[CONDA_STORE_NAMESPACE_ANNOTATION];
    const environment = annotations[CONDA_STORE_ENVIRONMENT_ANNOTATION];
    const currentBuildId = Number(annotations[CONDA_STORE_BUILD_ANNOTATION]);
    if (!namespace || !environment || !Number.isSafeInteger(currentBuildId)) {
      return {};
    }
    return { condaStore: { namespace, environment, currentBuildId } };
  };
}

/** "environment team-vision/vision-training, build #7" */
export function describeLaunchEnvironment(
  environment: LaunchEnvironment,
): string {
  const { condaStore } = environment;
  return condaStore
    ? `environment ${condaStore.namespace}/${condaStore.environment}, build #${condaStore.buildId}`
    : `environment ${environment.ref}`;
}

/**
 * The environment a launch runs with. A conda-store environment launches with the build
 * the workspace recorded (a reproduction, a restart) or else its current build, which
 * the caller then records. A workspace that recorded a build whose environment is no
 * longer a conda-store environment in the catalog is refused: launching it with
 * something else would not reproduce it.
 */
export async function launchEnvironment(
  lookup: EnvironmentLookup | undefined,
  caller: ProjectCaller,
  environmentRef: string | undefined,
  recordedBuild: number | undefined,
): Promise<LaunchEnvironment | undefined> {
  if (!environmentRef) return undefined;
  if (!lookup) return { ref: environmentRef };
  const found = await lookup(environmentRef, caller);
  if (!found?.condaStore) {
    if (recordedBuild !== undefined) {
      throw new InputError(
        `The environment ${environmentRef} (conda-store build #${recordedBuild}) is no longer a conda-store environment in the catalog: launch a new workspace with an environment that exists`,
      );
    }
    return { ref: environmentRef };
  }
  const { namespace, environment, currentBuildId } = found.condaStore;
  return {
    ref: environmentRef,
    condaStore: {
      namespace,
      environment,
      buildId: recordedBuild ?? currentBuildId,
      recorded: recordedBuild !== undefined,
    },
  };
}
