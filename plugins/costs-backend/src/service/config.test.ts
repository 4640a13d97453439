import { ConfigReader } from '@backstage/config';
import { readCostsConfig } from './config';

const sheet = (gpuHour: Record<string, number>) => ({
  effectiveFrom: '2026-01-01',
  cpuCoreHour: 0.03,
  memoryGiBHour: 0.004,
  gpuHour,
});

/** A CPU profile, and a GPU profile whose option picks an A100 or a T4. */
const profiles = [
  {
    display_name: 'Small',
    slug: 'small',
    kubespawner_override: { cpu_limit: 2, mem_limit: '8G' },
  },
  {
    display_name: 'GPU',
    slug: 'gpu',
    kubespawner_override: {
      cpu_limit: 4,
      mem_limit: '16G',
      extra_resource_limits: { 'nvidia.com/gpu': 1 },
    },
    profile_options: {
      card: {
        display_name: 'Card',
        choices: {
          a100: {
            display_name: 'A100',
            default: true,
            kubespawner_override: {},
          },
          t4: {
            display_name: 'T4',
            kubespawner_override: {
              extra_resource_limits: { 'nvidia.com/gpu-t4': 1 },
            },
          },
        },
      },
    },
  },
];

const read = (gpuHour: Record<string, number>) =>
  readCostsConfig(
    new ConfigReader({
      costs: { prices: [sheet(gpuHour)] },
      workspaces: { profiles },
    }),
  );

describe('readCostsConfig', () => {
  it('refuses a sheet that leaves a GPU type of a profile without a price and has no default', () => {
    expect(() => read({ 'nvidia.com/gpu': 2.48 })).toThrow(
      "Invalid config costs.prices.0.gpuHour: no price for the GPU type 'nvidia.com/gpu-t4' of the workspace profile 'gpu' and no 'default'; add 'nvidia.com/gpu-t4' or 'default' to the sheet effective from 2026-01-01",
    );
  });

  it('accepts every GPU type priced, or a default', () => {
    expect(
      read({ 'nvidia.com/gpu': 2.48, 'nvidia.com/gpu-t4': 0.6 }).prices,
    ).toHaveLength(1);
    expect(read({ default: 2 }).profiles.map(p => p.slug)).toEqual([
      'small',
      'gpu',
    ]);
  });
});
