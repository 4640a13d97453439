import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  stringifyEntityRef,
  type CompoundEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ENVIRONMENT_ANNOTATION,
  GIT_REPOSITORY_ANNOTATION,
} from '@internal/plugin-environments-common';
import { workspaceManageAllPermission } from '@internal/plugin-workspaces-common';

/** What a launch takes from the workspace's project (a catalog Component). */
export interface ProjectSource {
  /** The environment entity ref the project pins (`atrium.io/environment`). */
  environment?: string;
  /** Where the project's code is (`atrium.io/git-repository`). */
  gitRepository?: string;
}

/** Who asks to launch for a project. */
export interface ProjectCaller {
  userEntityRef: string;
  /** The caller's user ref and groups: the teams a project may be owned by. */
  ownershipEntityRefs: string[];
  /** Their credentials: the project is read, and admin rights asked, as them. */
  credentials?: BackstageCredentials;
}

/**
 * The launch source of a project the caller may launch for, or a 400 (no such project)
 * or 403 (not a member of its owner) error. A launch books its usage and costs to the
 * project, so only the project's team (or an admin) may name it.
 */
export type ProjectAccess = (
  projectRef: string,
  caller: ProjectCaller,
) => Promise<ProjectSource>;

/** A ref as messages quote it: caller input, so at most 100 characters. */
function quoted(ref: string): string {
  return `'${ref.length > 100 ? `${ref.slice(0, 99)}…` : ref}'`;
}

/**
 * The owner of a project as a full entity ref. spec.owner may be short
 * ("team-vision"): a Group in the project's namespace, as the catalog reads it for the
 * ownedBy relation.
 */
function ownerOf(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * A {@link ProjectAccess} reading the project from the catalog with the caller's
 * credentials (what they may see is what they may launch for); admins are those holding
 * `workspaceManageAllPermission`.
 */
export function catalogProjectAccess(options: {
  catalog: CatalogService;
  permissions: PermissionsService;
}): ProjectAccess {
  const { catalog, permissions } = options;
  return async (projectRef, caller) => {
    const { credentials } = caller;
    if (!credentials) {
      throw new Error(
        'A project is checked with the credentials of its caller',
      );
    }
    const unknown = new InputError(
      `There is no project ${quoted(projectRef)} in the catalog`,
    );
    let ref: CompoundEntityRef;
    try {
      ref = parseEntityRef(projectRef);
    } catch {
      throw unknown;
    }
    // Projects are Components: anything else (a Group, a Resource) is not one.
    if (ref.kind.toLocaleLowerCase('en-US') !== 'component') throw unknown;
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) throw unknown;

    const project = stringifyEntityRef(entity);
    const owner = ownerOf(entity);
    const mine = caller.ownershipEntityRefs.map(r =>
      r.toLocaleLowerCase('en-US'),
    );
    if (!owner || !mine.includes(owner)) {
      const [decision] = await permissions.authorize(
        [{ permission: workspaceManageAllPermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `You are not a member of ${
            owner ?? 'the team that owns it'
          }, which owns ${project}: ask them to add you or launch without the project`,
        );
      }
    }
    const annotations = entity.metadata.annotations ?? {};
    return {
      environment: annotations[ENVIRONMENT_ANNOTATION],
      gitRepository: annotations[GIT_REPOSITORY_ANNOTATION],
    };
  };
}
