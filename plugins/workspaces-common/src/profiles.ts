import { kubespawnerSlug } from './kubespawnerSlug';
import type {
  KubespawnerOverride,
  ProfileOption,
  ProfileResources,
  WorkspaceProfile,
} from './types';

export { kubespawnerSlug } from './kubespawnerSlug';

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

/**
 * A value a person sent, for a message: quoted, at most 40 characters of it (the
 * backend's route kit quotes the same way; this package runs in the browser too).
 */
const quoted = (value: string) =>
  `'${value.length <= 40 ? value : `${value.slice(0, 39)}…`}'`;

const hasOwn = (object: object, key: string) =>
  Object.prototype.hasOwnProperty.call(object, key);

/** The `user_options` key of a free-form value for an option, as KubeSpawner reads it. */
const unlistedKey = (option: string) => `${option}--unlisted-choice`;

/** An option's default choice as KubeSpawner picks it: the one marked, else the first. */
function defaultChoice(option: ProfileOption): string | undefined {
  const choices = Object.entries(option.choices ?? {});
  return (choices.find(([, c]) => c.default) ?? choices[0])?.[0];
}

/** Refuses a free-form value KubeSpawner would refuse (`_validate_user_options`). */
function checkUnlistedValue(option: ProfileOption, value: string) {
  const unlisted = option.unlisted_choice;
  if (!unlisted?.enabled) {
    throw new Error(
      `${option.display_name} takes only its choices (${Object.keys(
        option.choices ?? {},
      ).join(', ')}), not a value of your own`,
    );
  }
  if (!unlisted.validation_regex) return;
  let pattern: RegExp;
  try {
    // Python's re.match: anchored at the start only.
    pattern = new RegExp(`^(?:${unlisted.validation_regex})`);
  } catch {
    return; // Python-only syntax: the hub still checks it
  }
  if (!pattern.test(value)) {
    throw new Error(
      `${quoted(value)} is not a valid ${option.display_name}: ${
        unlisted.validation_message ??
        `it must match ${unlisted.validation_regex}`
      }`,
    );
  }
}

/**
 * The options a user chose, with each option's default filled in. A free-form value
 * (`<option>--unlisted-choice`, when the option's `unlisted_choice` is enabled) is kept
 * as KubeSpawner reads it. An option with only a free-form value and none given stays
 * unset: the hub refuses that start with its own message.
 * @public
 */
export function resolveOptions(
  profile: WorkspaceProfile,
  chosen: Record<string, string> = {},
): Record<string, string> {
  const resolved: Record<string, string> = {};
  const ignored = new Set<string>();
  for (const [key, option] of Object.entries(profile.profile_options ?? {})) {
    const unlisted = chosen[unlistedKey(key)];
    if (unlisted) {
      checkUnlistedValue(option, unlisted);
      resolved[unlistedKey(key)] = unlisted;
    } else if (unlisted === '') {
      ignored.add(unlistedKey(key)); // KubeSpawner ignores an empty value
    }
    const choice = chosen[key];
    if (choice !== undefined) {
      if (!hasOwn(option.choices ?? {}, choice)) {
        const names = Object.keys(option.choices ?? {});
        throw new Error(
          names.length > 0
            ? `${quoted(choice)} is not a choice of ${
                option.display_name
              } (choose ${names.join(', ')})`
            : `${
                option.display_name
              } has no choices: send your own value as '${unlistedKey(key)}'`,
        );
      }
      resolved[key] = choice;
    } else if (!unlisted) {
      const fallback = defaultChoice(option);
      if (fallback !== undefined) resolved[key] = fallback;
    }
  }
  for (const key of Object.keys(chosen)) {
    if (!hasOwn(resolved, key) && !ignored.has(key)) {
      throw new Error(`Profile '${profile.slug}' has no option ${quoted(key)}`);
    }
  }
  return resolved;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** KubeSpawner's `recursive_update`, without changing `target`: `null` removes a key. */
function recursiveUpdate(
  target: Record<string, unknown>,
  update: Record<string, unknown>,
): Record<string, unknown> {
  const result = { ...target };
  for (const [key, value] of Object.entries(update)) {
    if (isPlainObject(value)) {
      const current = result[key];
      result[key] = recursiveUpdate(
        isPlainObject(current) ? current : {},
        value,
      );
    } else if (value === null) {
      delete result[key];
    } else {
      result[key] = value;
    }
  }
  return result;
}

/**
 * KubeSpawner's `_apply_overrides`: a dictionary merges into the setting (whose default,
 * for dictionary settings, is empty); any other value replaces it.
 */
function applyOverride(
  current: KubespawnerOverride,
  override: Record<string, unknown> | undefined,
): KubespawnerOverride {
  const result: KubespawnerOverride = { ...current };
  for (const [key, value] of Object.entries(override ?? {})) {
    const existing = result[key];
    result[key] = isPlainObject(value)
      ? recursiveUpdate(isPlainObject(existing) ? existing : {}, value)
      : value;
  }
  return result;
}

/** KubeSpawner's `recursive_format(..., value=...)` for `{value}` in unlisted overrides. */
function formatValue(template: unknown, value: string): unknown {
  if (typeof template === 'string') {
    return template.replace(/\{\{|\}\}|\{value\}/g, token =>
      token === '{value}' ? value : token[0],
    );
  }
  if (Array.isArray(template)) return template.map(t => formatValue(t, value));
  if (isPlainObject(template)) {
    return Object.fromEntries(
      Object.entries(template).map(([k, v]) => [
        formatValue(k, value),
        formatValue(v, value),
      ]),
    );
  }
  return template;
}

/**
 * The profile's overrides with those of the chosen option choices applied on top, as
 * KubeSpawner's `_load_profile` applies them: options in the order the profile lists
 * them, a free-form value before a choice, the default choice for an option not chosen.
 * @public
 */
export function effectiveOverride(
  profile: WorkspaceProfile,
  options: Record<string, string>,
): KubespawnerOverride {
  let override = applyOverride({}, profile.kubespawner_override);
  for (const [key, option] of Object.entries(profile.profile_options ?? {})) {
    const unlisted = options[unlistedKey(key)];
    if (unlisted) {
      const template = option.unlisted_choice?.kubespawner_override ?? {};
      override = applyOverride(
        override,
        formatValue(template, unlisted) as Record<string, unknown>,
      );
      continue;
    }
    const choice = options[key] ?? defaultChoice(option);
    if (choice === undefined) continue;
    override = applyOverride(
      override,
      option.choices?.[choice]?.kubespawner_override,
    );
  }
  return override;
}

/** GPUs among extended resources: `nvidia.com/gpu` or any `*gpu*` name. */
function gpusOf(resources: Record<string, string | number> | undefined) {
  let gpu = 0;
  let gpuType: string | undefined;
  for (const [name, amount] of Object.entries(resources ?? {})) {
    if (/gpu/i.test(name)) {
      gpu += Number(amount);
      gpuType = name;
    }
  }
  return { gpu, gpuType };
}

/**
 * What a workspace of this profile and options holds while it runs: limits, else
 * guarantees (GPUs from `extra_resource_limits`, else `extra_resource_guarantees`).
 * @public
 */
export function profileResources(
  profile: WorkspaceProfile,
  options: Record<string, string> = {},
): ProfileResources {
  const o = effectiveOverride(profile, options);
  let { gpu, gpuType } = gpusOf(o.extra_resource_limits);
  if (gpu === 0) ({ gpu, gpuType } = gpusOf(o.extra_resource_guarantees));
  return {
    cpu: Number(o.cpu_limit ?? o.cpu_guarantee ?? 0),
    memoryGiB: parseMemoryGiB(o.mem_limit ?? o.mem_guarantee) ?? 0,
    gpu,
    ...(gpuType ? { gpuType } : {}),
    ...(typeof o.image === 'string' ? { image: o.image } : {}),
  };
}

/**
 * A profile as Nebari's `profiles.jupyterlab` and KubeSpawner's `profile_list` write it:
 * `slug` may be left out, and an option may have only a free-form value.
 * @public
 */
export type ConfiguredProfile = Omit<
  WorkspaceProfile,
  'slug' | 'profile_options'
> & {
  slug?: string;
  profile_options?: Record<
    string,
    Omit<ProfileOption, 'choices'> & { choices?: ProfileOption['choices'] }
  >;
};

/**
 * The profile with what KubeSpawner fills in: the slug it derives from `display_name`
 * when none is given (so Atrium names the profile to the hub as KubeSpawner knows it),
 * and empty `choices` for an option that has none. Throws when the slug cannot be
 * derived (see {@link kubespawnerSlug}).
 * @public
 */
export function completeProfile(profile: ConfiguredProfile): WorkspaceProfile {
  const { profile_options: options, ...rest } = profile;
  return {
    ...rest,
    slug: profile.slug ?? kubespawnerSlug(profile.display_name),
    ...(options
      ? {
          profile_options: Object.fromEntries(
            Object.entries(options).map(([key, option]) => [
              key,
              { ...option, choices: option.choices ?? {} },
            ]),
          ),
        }
      : {}),
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
