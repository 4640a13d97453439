import type { Config } from '@backstage/config';
import {
  completeProfile,
  type ConfiguredProfile,
  type WorkspaceProfile,
} from '@internal/plugin-workspaces-common';
import { z } from 'zod';

/** KubeSpawner settings: every key is kept as written and means what KubeSpawner says. */
const override = z.record(z.unknown());

/** Nebari writes optional lists and overrides as `null` when left empty. */
const orNull = <T extends z.ZodTypeAny>(schema: T) =>
  schema.nullish().transform(value => value ?? undefined);

// The keys Nebari's JupyterLabProfile and KubeSpawner's profile_list document, with
// KubeSpawner's leniency where it is the more lenient (no slug, no description, an
// option with only a free-form value, a choice without overrides).
const profileSchema = z.object({
  display_name: z.string().min(1),
  description: z.string().optional(),
  slug: z.string().min(1).optional(),
  default: z.boolean().optional(),
  access: z.enum(['all', 'yaml', 'keycloak']).optional(),
  users: orNull(z.array(z.string())),
  groups: orNull(z.array(z.string())),
  kubespawner_override: orNull(override),
  profile_options: z
    .record(
      z.object({
        display_name: z.string(),
        choices: z
          .record(
            z.object({
              display_name: z.string(),
              default: z.boolean().optional(),
              kubespawner_override: orNull(override),
            }),
          )
          .optional(),
        unlisted_choice: z
          .object({
            enabled: z.boolean().optional(),
            display_name: z.string().optional(),
            display_name_in_choices: z.string().optional(),
            validation_regex: z.string().optional(),
            validation_message: z.string().optional(),
            kubespawner_override: orNull(override),
          })
          .optional(),
      }),
    )
    .optional(),
});

/**
 * Reads `workspaces.profiles`: Nebari's `profiles.jupyterlab` list (KubeSpawner's
 * `profile_list`) as pasted from a nebari-config.yaml. A missing slug is derived from
 * the display name as KubeSpawner derives it, so the `user_options` sent to the hub name
 * the profile its KubeSpawner knows. A malformed entry stops the backend at start with
 * the index and field, rather than hiding a profile.
 */
export function readProfiles(config: Config): WorkspaceProfile[] {
  const raw = config.getOptional<unknown[]>('workspaces.profiles') ?? [];
  const profiles = raw.map((entry, index) => {
    const result = profileSchema.safeParse(entry);
    if (!result.success) {
      const issue = result.error.issues[0];
      const field = issue.path.map(key => `.${key}`).join('');
      throw new Error(
        `Invalid workspaces.profiles[${index}]${field}: ${issue.message}`,
      );
    }
    try {
      return completeProfile(result.data as ConfiguredProfile);
    } catch (error) {
      throw new Error(
        `Invalid workspaces.profiles[${index}].slug: ${
          (error as Error).message
        }`,
      );
    }
  });
  const firstWithSlug = new Map<string, number>();
  profiles.forEach((profile, index) => {
    const first = firstWithSlug.get(profile.slug);
    if (first === undefined) {
      firstWithSlug.set(profile.slug, index);
      return;
    }
    const derived = raw[index] as { slug?: unknown };
    throw new Error(
      `workspaces.profiles[${index}] has the slug '${profile.slug}'${
        derived.slug === undefined
          ? ` (KubeSpawner's slug of its display_name '${profile.display_name}')`
          : ''
      } of workspaces.profiles[${first}]: KubeSpawner would only ever start the first; rename one`,
    );
  });
  return profiles;
}
