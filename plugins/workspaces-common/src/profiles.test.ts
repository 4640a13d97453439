import {
  canUseProfile,
  parseMemoryGiB,
  profileResources,
  resolveOptions,
  WORKSPACE_NAME_PATTERN,
} from './profiles';
import type { WorkspaceProfile } from './types';

// Shaped like Nebari's profiles.jupyterlab, as an admin would paste it.
const gpu: WorkspaceProfile = {
  display_name: 'GPU Instance',
  description: '4 CPU / 16 GB / 1 NVIDIA T4',
  slug: 'gpu',
  access: 'yaml',
  groups: ['team-vision'],
  users: ['linus'],
  kubespawner_override: {
    cpu_limit: 4,
    cpu_guarantee: 3,
    mem_limit: '16G',
    mem_guarantee: '12G',
    image: 'quay.io/nebari/nebari-jupyterlab-gpu:2024.1.1',
    extra_resource_limits: { 'nvidia.com/gpu': 1 },
  },
  profile_options: {
    gpus: {
      display_name: 'GPUs',
      choices: {
        one: { display_name: 'One GPU', default: true },
        two: {
          display_name: 'Two GPUs',
          kubespawner_override: {
            extra_resource_limits: { 'nvidia.com/gpu': 2 },
            cpu_limit: 8,
          },
        },
      },
    },
  },
};

describe('profiles', () => {
  it('reads KubeSpawner memory strings as binary units', () => {
    expect(parseMemoryGiB('8G')).toBe(8);
    expect(parseMemoryGiB('16Gi')).toBe(16);
    expect(parseMemoryGiB('512M')).toBe(0.5);
    expect(parseMemoryGiB(2 * 1024 ** 3)).toBe(2);
    expect(parseMemoryGiB(undefined)).toBeUndefined();
    expect(() => parseMemoryGiB('lots')).toThrow("'lots' is not a memory size");
  });

  it('fills in option defaults and refuses unknown options and choices', () => {
    expect(resolveOptions(gpu)).toEqual({ gpus: 'one' });
    expect(resolveOptions(gpu, { gpus: 'two' })).toEqual({ gpus: 'two' });
    expect(() => resolveOptions(gpu, { gpus: 'eight' })).toThrow(
      "'eight' is not a choice of GPUs (choose one, two)",
    );
    expect(() => resolveOptions(gpu, { disk: 'big' })).toThrow(
      "Profile 'gpu' has no option 'disk'",
    );
  });

  it('quotes at most a short prefix of a chosen value or option in its messages', () => {
    const huge = 'x'.repeat(60_000);
    const messageOf = (chosen: Record<string, string>) => {
      try {
        resolveOptions(gpu, chosen);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('expected a refusal');
    };
    expect(messageOf({ gpus: huge })).toBe(
      `'${'x'.repeat(39)}…' is not a choice of GPUs (choose one, two)`,
    );
    expect(messageOf({ [huge]: 'one' })).toBe(
      `Profile 'gpu' has no option '${'x'.repeat(39)}…'`,
    );
  });

  it('computes resources from the limits, with the chosen option on top', () => {
    expect(profileResources(gpu, { gpus: 'one' })).toEqual({
      cpu: 4,
      memoryGiB: 16,
      gpu: 1,
      gpuType: 'nvidia.com/gpu',
      image: 'quay.io/nebari/nebari-jupyterlab-gpu:2024.1.1',
    });
    expect(profileResources(gpu, { gpus: 'two' })).toMatchObject({
      cpu: 8,
      gpu: 2,
    });
    expect(
      profileResources({
        display_name: 'Small',
        slug: 'small',
        kubespawner_override: { cpu_guarantee: 1, mem_guarantee: '4G' },
      }),
    ).toEqual({ cpu: 1, memoryGiB: 4, gpu: 0 });
  });

  it('shows a restricted profile only to its users and groups', () => {
    expect(canUseProfile(gpu, { name: 'ada', groups: ['team-vision'] })).toBe(
      true,
    );
    expect(
      canUseProfile(gpu, { name: 'linus', groups: ['platform-ops'] }),
    ).toBe(true);
    expect(
      canUseProfile(gpu, { name: 'grace', groups: ['team-genomics'] }),
    ).toBe(false);
    expect(
      canUseProfile({ ...gpu, access: 'all' }, { name: 'grace', groups: [] }),
    ).toBe(true);
  });

  it('accepts only hub-safe workspace names', () => {
    for (const ok of ['a', 'vision-1', 'x'.repeat(63)])
      expect(WORKSPACE_NAME_PATTERN.test(ok)).toBe(true);
    for (const bad of [
      '',
      'Vision',
      '-a',
      'a-',
      'a_b',
      'a b',
      'x'.repeat(64),
    ]) {
      expect(WORKSPACE_NAME_PATTERN.test(bad)).toBe(false);
    }
  });
});
