import type {
  KubespawnerOverride,
  ProfileResources,
  WorkspaceProfile,
} from './types';

/**
 * KubeSpawner byte strings ("8G", "16Gi", "512M", or a number of bytes) to GiB.
 * KubeSpawner reads K/M/G/T as powers of 1024 too (its `ByteSpecification`), so "8G"
 * is 8 GiB, as Nebari's profiles mean it.
 * @public
 */
export function parseMemoryGiB(
  value: string | number | undefined,
): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value / 1024 ** 3;
  const match = /^\s*([0-9]*\.?[0-9]+)\s*([KMGT]i?)?B?\s*$/.exec(value);
  if (!match)
    throw new Error(`'${value}' is not a memory size (use e.g. 8G or 512M)`);
  const [, amount, unit = ''] = match;
  const factor = unit ? 1024 ** ' KMGT'.indexOf(unit[0]) : 1;
  return (Number(amount) * factor) / 1024 ** 3;
}

/** The options a user chose, with each option's default filled in. @public */
export function resolveOptions(
  profile: WorkspaceProfile,
  chosen: Record<string, string> = {},
): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [key, option] of Object.entries(profile.profile_options ?? {})) {
    const choice = chosen[key];
    if (choice !== undefined) {
      if (!(choice in option.choices)) {
        throw new Error(
          `'${choice}' is not a choice of ${
            option.display_name
          } (choose ${Object.keys(option.choices).join(', ')})`,
        );
      }
      resolved[key] = choice;
    } else {
      const fallback =
        Object.entries(option.choices).find(([, c]) => c.default)?.[0] ??
        Object.keys(option.choices)[0];
      if (fallback !== undefined) resolved[key] = fallback;
    }
  }
  for (const key of Object.keys(chosen)) {
    if (!(key in resolved)) {
      throw new Error(`Profile '${profile.slug}' has no option '${key}'`);
    }
  }
  return resolved;
}

/** The profile's overrides with those of the chosen option choices applied on top. @public */
export function effectiveOverride(
  profile: WorkspaceProfile,
  options: Record<string, string>,
): KubespawnerOverride {
  let override: KubespawnerOverride = {
    ...(profile.kubespawner_override ?? {}),
  };
  for (const [key, choice] of Object.entries(options)) {
    const choiceOverride =
      profile.profile_options?.[key]?.choices[choice]?.kubespawner_override;
    if (choiceOverride) override = { ...override, ...choiceOverride };
  }
  return override;
}

/** What a workspace of this profile and options holds while it runs. @public */
export function profileResources(
  profile: WorkspaceProfile,
  options: Record<string, string> = {},
): ProfileResources {
  const o = effectiveOverride(profile, options);
  let gpu = 0;
  let gpuType: string | undefined;
  for (const [name, amount] of Object.entries(o.extra_resource_limits ?? {})) {
    if (/gpu/i.test(name)) {
      gpu += Number(amount);
      gpuType = name;
    }
  }
  return {
    cpu: Number(o.cpu_limit ?? o.cpu_guarantee ?? 0),
    memoryGiB: parseMemoryGiB(o.mem_limit ?? o.mem_guarantee) ?? 0,
    gpu,
    ...(gpuType ? { gpuType } : {}),
    ...(o.image ? { image: o.image } : {}),
  };
}

/**
 * Whether a user may use a profile. Nebari's `access: yaml` lists `users` and `groups`;
 * `all` (or no access key) is open to everyone. `keycloak` (Nebari's group-attribute
 * mode) is treated like `yaml` with `groups`, the closest Atrium equivalent.
 * @public
 */
export function canUseProfile(
  profile: WorkspaceProfile,
  user: { name: string; groups: readonly string[] },
): boolean {
  if (!profile.access || profile.access === 'all') return true;
  if (profile.users?.includes(user.name)) return true;
  return (profile.groups ?? []).some(g => user.groups.includes(g));
}

/**
 * JupyterHub's rule for server names as Atrium applies it (the names also become
 * Kubernetes labels): lower-case letters, digits and hyphens, starting and ending with a
 * letter or digit, at most 63 characters.
 * @public
 */
export const WORKSPACE_NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** @public */
export const WORKSPACE_NAME_RULE =
  'use 1 to 63 lower-case letters, digits and hyphens, starting and ending with a letter or digit';
