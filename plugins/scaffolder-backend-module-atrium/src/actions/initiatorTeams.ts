import type {
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { workspaceManageAllPermission } from '@internal/plugin-workspaces-common';

type Decision = Awaited<ReturnType<PermissionsService['authorize']>>[number];
/** AuthorizeResult.ALLOW (this module does not depend on plugin-permission-common). */
const ALLOW = 'ALLOW' as Decision['result'];

/** What a scaffolder action needs to tell whose teams the person running it acts for. */
export interface InitiatorTeamsOptions {
  userInfo: UserInfoService;
  permissions: PermissionsService;
}

/**
 * The teams the person running a template may create projects for: their ownership
 * refs (their user and their groups, as sign-in resolved them), or any team for admins.
 *
 * Admins are those holding `workspaceManageAllPermission`, the permission the workspaces
 * backend asks for the same question (acting for a team one is not in). Being an Atrium
 * permission, a policy that does not know it denies it rather than allowing everyone.
 */
export async function initiatorTeams(
  credentials: BackstageCredentials,
  options: InitiatorTeamsOptions,
): Promise<{
  /** The initiator's user name (`ada`), when a person runs the task. */
  userName?: string;
  /** The names of the initiator's teams. */
  teams: string[];
  /** Whether `ownerRef` (any entity ref form) is one the initiator may choose. */
  mayChoose(ownerRef: string): boolean;
  /** The refusal for an owner the initiator may not choose. */
  refusal(ownerRef: string): string;
}> {
  // Only users have teams; a task started by a service has none (and services are
  // allowed everything by the permission framework).
  const info = await options.userInfo
    .getUserInfo(credentials)
    .catch(() => undefined);
  const ownership = (info?.ownershipEntityRefs ?? []).map(ref =>
    normalizedRef(ref),
  );
  const [decision] = await options.permissions.authorize(
    [{ permission: workspaceManageAllPermission }],
    { credentials },
  );
  const admin = decision.result === ALLOW;
  const teams = ownership
    .filter(ref => ref.startsWith('group:'))
    .map(ref => parseEntityRef(ref).name);
  return {
    userName: info ? parseEntityRef(info.userEntityRef).name : undefined,
    teams,
    mayChoose: ownerRef => admin || ownership.includes(normalizedRef(ownerRef)),
    refusal: ownerRef =>
      `You are not a member of ${normalizedRef(ownerRef)}: ${
        teams.length
          ? `choose one of your teams (${teams.join(', ')})`
          : 'you are in no team, ask an admin to add you to one'
      }`,
  };
}

/** `team-vision` or `Group:default/Team-Vision` -> `group:default/team-vision`. */
export function normalizedRef(ref: string, defaultNamespace = 'default') {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind: 'group', defaultNamespace }),
    );
  } catch {
    return ref.toLocaleLowerCase('en-US');
  }
}
