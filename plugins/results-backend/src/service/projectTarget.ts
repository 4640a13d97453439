import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { LocalGitRepositories, LocalRepository } from '@internal/local-git';

const GIT_REPOSITORY_ANNOTATION = 'atrium.io/git-repository';
const ENVIRONMENT_VERSION_LABEL = 'atrium.io/environment-version';

/** Where a result's versions are committed, and the team that owns its project. */
export interface ProjectTarget {
  projectRef: string | null;
  ownerTeamRef: string | null;
  repo: LocalRepository;
}

/** A folder-safe name (3-40 lower-case letters, digits, dashes) from any name. */
function repoName(name: string, suffix: string): string {
  const base = name
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40 - suffix.length - 1);
  return `${base || 'x'}-${suffix}`.replace(/^-/, '');
}

/**
 * The repository a result is committed to: its project's own local repository (the
 * one the template published, from `atrium.io/git-repository`), or, when the project's
 * code lives elsewhere (GitHub), `<team>/<project>-results` in the local store; a result
 * without a project goes to its author's personal `personal/<user>-results`.
 */
export async function projectTarget(options: {
  projectRef: string | null;
  authorRef: string;
  catalog: CatalogService;
  credentials: BackstageCredentials;
  repositories: LocalGitRepositories;
}): Promise<ProjectTarget> {
  const { projectRef, authorRef, catalog, credentials, repositories } = options;
  if (!projectRef) {
    const user = parseEntityRef(authorRef).name;
    return {
      projectRef: null,
      ownerTeamRef: null,
      repo: repositories.repository('personal', repoName(user, 'results')),
    };
  }
  let entity: Entity | undefined;
  try {
    entity = await catalog.getEntityByRef(projectRef, { credentials });
  } catch {
    entity = undefined;
  }
  if (!entity || entity.kind.toLocaleLowerCase('en-US') !== 'component') {
    throw new InputError(
      `There is no project ${projectRef} in the catalog you may see: publish without a project or pick another`,
    );
  }
  const owner = typeof entity.spec?.owner === 'string' ? entity.spec.owner : undefined;
  const ownerTeamRef = owner
    ? stringifyEntityRef(parseEntityRef(owner, { defaultKind: 'group', defaultNamespace: 'default' }))
    : null;
  const url = entity.metadata.annotations?.[GIT_REPOSITORY_ANNOTATION];
  let repo: LocalRepository | undefined;
  if (url?.startsWith('file:')) {
    try {
      repo = repositories.repositoryFromUrl(url);
    } catch {
      repo = undefined; // a file:// outside the store: results go beside it
    }
  }
  const team = ownerTeamRef ? parseEntityRef(ownerTeamRef).name : 'personal';
  return {
    projectRef: stringifyEntityRef(entity),
    ownerTeamRef,
    repo: repo ?? repositories.repository(team, repoName(entity.metadata.name, 'results')),
  };
}

/** The environment's version label, when the catalog has the environment. */
export async function environmentVersion(
  environmentRef: string | undefined,
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<string | null> {
  if (!environmentRef) return null;
  try {
    const entity = await catalog.getEntityByRef(environmentRef, { credentials });
    return entity?.metadata.labels?.[ENVIRONMENT_VERSION_LABEL] ?? null;
  } catch {
    return null;
  }
}
