import type { Config } from '@backstage/config';
import type { WorkspaceProfile } from '@internal/plugin-workspaces-common';
import { z } from 'zod';

const override = z.record(z.unknown());
const profileSchema = z.object({
  display_name: z.string().min(1),
  description: z.string().optional(),
  slug: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9-_.]*$/,
      'a slug is lower-case letters, digits, - _ .',
    ),
  default: z.boolean().optional(),
  access: z.enum(['all', 'yaml', 'keycloak']).optional(),
  users: z.array(z.string()).optional(),
  groups: z.array(z.string()).optional(),
  kubespawner_override: override.optional(),
  profile_options: z
    .record(
      z.object({
        display_name: z.string(),
        choices: z.record(
          z.object({
            display_name: z.string(),
            default: z.boolean().optional(),
            kubespawner_override: override.optional(),
          }),
        ),
      }),
    )
    .optional(),
});

/**
 * Reads `workspaces.profiles` (Nebari's `profiles.jupyterlab` shape). A malformed entry
 * stops the backend at start with the index and field, rather than hiding a profile.
 */
export function readProfiles(config: Config): WorkspaceProfile[] {
  const raw = config.getOptional<unknown[]>('workspaces.profiles') ?? [];
  const profiles = raw.map((entry, index) => {
    const result = profileSchema.safeParse(entry);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new Error(
        `Invalid workspaces.profiles[${index}].${issue.path.join('.')}: ${
          issue.message
        }`,
      );
    }
    return result.data as WorkspaceProfile;
  });
  const slugs = new Set<string>();
  for (const p of profiles) {
    if (slugs.has(p.slug))
      throw new Error(
        `workspaces.profiles has two profiles with slug '${p.slug}'`,
      );
    slugs.add(p.slug);
  }
  return profiles;
}
