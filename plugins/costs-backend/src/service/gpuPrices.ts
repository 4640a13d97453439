import type { PriceSheet } from '@internal/plugin-costs-common';
import type {
  KubespawnerOverride,
  WorkspaceProfile,
} from '@internal/plugin-workspaces-common';

/** GPU resource names (`nvidia.com/gpu`, any `*gpu*`) an override asks for. */
function gpuNames(override: KubespawnerOverride | undefined): string[] {
  return [
    ...Object.keys(override?.extra_resource_limits ?? {}),
    ...Object.keys(override?.extra_resource_guarantees ?? {}),
  ].filter(name => /gpu/i.test(name));
}

/** Every GPU type a profile can run with: its own override and every option's. */
export function gpuTypesOf(profile: WorkspaceProfile): string[] {
  const overrides = [
    profile.kubespawner_override,
    ...Object.values(profile.profile_options ?? {}).flatMap(option => [
      ...Object.values(option.choices ?? {}).map(c => c.kubespawner_override),
      option.unlisted_choice?.kubespawner_override as
        | KubespawnerOverride
        | undefined,
    ]),
  ];
  return [...new Set(overrides.flatMap(gpuNames))];
}

/**
 * Refuses sheets that leave a profile's GPU without a price: neither its type nor
 * `default` is in `gpuHour`, so its hours would cost nothing.
 */
export function checkGpuPrices(
  sheets: PriceSheet[],
  profiles: WorkspaceProfile[],
): void {
  sheets.forEach((sheet, index) => {
    if (sheet.gpuHour.default !== undefined) return;
    for (const profile of profiles) {
      const unpriced = gpuTypesOf(profile).find(
        type => sheet.gpuHour[type] === undefined,
      );
      if (unpriced) {
        throw new Error(
          `Invalid config costs.prices.${index}.gpuHour: no price for the GPU type '${unpriced}' of the workspace profile '${profile.slug}' and no 'default'; add '${unpriced}' or 'default' to the sheet effective from ${sheet.effectiveFrom}`,
        );
      }
    }
  });
}
