import type { Config } from '@backstage/config';
import { z } from 'zod';

export interface IdlePolicy {
  profile?: string;
  group?: string;
  idleTimeoutMinutes?: number;
  maxAgeHours?: number;
}

const minutes = (nebariDefault: number) =>
  z.number().int().nonnegative().default(nebariDefault);

/**
 * Nebari's `jupyterlab.idle_culler` (minutes), with Nebari's defaults for the keys left
 * out: class IdleCuller in nebari-dev/nebari
 * src/_nebari/stages/kubernetes_services/__init__.py (1ef6a619).
 */
const nebariIdleCuller = z
  .object({
    terminal_cull_inactive_timeout: minutes(15),
    terminal_cull_interval: minutes(5),
    kernel_cull_idle_timeout: minutes(15),
    kernel_cull_interval: minutes(5),
    kernel_cull_connected: z.boolean().default(true),
    kernel_cull_busy: z.boolean().default(false),
    server_shutdown_no_activity_timeout: minutes(15),
  })
  .strict();

/**
 * How long Nebari's idle culler leaves an idle server running, as Nebari documents it
 * (jupyter_server_config.py.tpl and the idle-culling how-to): idle kernels and terminals
 * are culled first, then the server shuts down after `server_shutdown_no_activity_timeout`
 * without them, so about `max(kernel, terminal timeout) + server timeout`. A server
 * timeout of 0 turns the shutdown off.
 */
export function nebariIdleTimeoutMinutes(
  idleCuller: unknown,
): number | undefined {
  const result = nebariIdleCuller.safeParse(idleCuller ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = [...issue.path, ...((issue as { keys?: string[] }).keys ?? [])];
    throw new Error(
      `Invalid workspaces.idleCulling.idle_culler${
        key.length ? `.${key.join('.')}` : ''
      }: ${issue.message}`,
    );
  }
  const c = result.data;
  if (c.server_shutdown_no_activity_timeout === 0) return undefined;
  return (
    Math.max(c.kernel_cull_idle_timeout, c.terminal_cull_inactive_timeout) +
    c.server_shutdown_no_activity_timeout
  );
}

/**
 * The configured policies. Nebari's `idle_culler` keys, when given, set the default
 * policy (no profile, no group) unless one is configured explicitly.
 */
export function readIdlePolicies(config: Config): IdlePolicy[] {
  const policies: IdlePolicy[] = (
    config.getOptionalConfigArray('workspaces.idleCulling.policies') ?? []
  ).map(p => ({
    profile: p.getOptionalString('profile'),
    group: p.getOptionalString('group'),
    idleTimeoutMinutes: p.getOptionalNumber('idleTimeoutMinutes'),
    maxAgeHours: p.getOptionalNumber('maxAgeHours'),
  }));
  if (!config.has('workspaces.idleCulling.idle_culler')) return policies;
  const idleTimeoutMinutes = nebariIdleTimeoutMinutes(
    config.getOptional('workspaces.idleCulling.idle_culler'),
  );
  const hasDefault = policies.some(p => !p.profile && !p.group);
  if (idleTimeoutMinutes === undefined || hasDefault) return policies;
  return [...policies, { idleTimeoutMinutes }];
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
