import type { Config } from '@backstage/config';

export interface IdlePolicy {
  profile?: string;
  group?: string;
  idleTimeoutMinutes?: number;
  maxAgeHours?: number;
}

export function readIdlePolicies(config: Config): IdlePolicy[] {
  return (
    config.getOptionalConfigArray('workspaces.idleCulling.policies') ?? []
  ).map(p => ({
    profile: p.getOptionalString('profile'),
    group: p.getOptionalString('group'),
    idleTimeoutMinutes: p.getOptionalNumber('idleTimeoutMinutes'),
    maxAgeHours: p.getOptionalNumber('maxAgeHours'),
  }));
}

/**
 * The policy for a workspace: the most specific match wins (profile and group, then
 * profile, then group, then neither); among equally specific matches (a user in several
 * groups) the most lenient limits apply.
 */
export function policyFor(
  policies: IdlePolicy[],
  workspace: { profile: string },
  ownerGroups: readonly string[],
): { idleTimeoutMinutes?: number; maxAgeHours?: number } {
  const matching = policies.filter(
    p =>
      (!p.profile || p.profile === workspace.profile) &&
      (!p.group || ownerGroups.includes(p.group)),
  );
  const specificity = (p: IdlePolicy) =>
    (p.profile ? 2 : 0) + (p.group ? 1 : 0);
  const best = Math.max(-1, ...matching.map(specificity));
  const top = matching.filter(p => specificity(p) === best);
  const lenient = (values: (number | undefined)[]) =>
    values.some(v => v === undefined)
      ? undefined
      : Math.max(...(values as number[]));
  if (top.length === 0) return {};
  return {
    idleTimeoutMinutes: lenient(top.map(p => p.idleTimeoutMinutes)),
    maxAgeHours: lenient(top.map(p => p.maxAgeHours)),
  };
}
