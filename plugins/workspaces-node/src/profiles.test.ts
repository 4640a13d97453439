import { ConfigReader } from '@backstage/config';
import { readProfiles } from './profiles';

const read = (profiles: unknown[]) =>
  readProfiles(new ConfigReader({ workspaces: { profiles } as any }));

describe('readProfiles', () => {
  it('loads Nebari profiles without slugs, with the slug KubeSpawner derives', () => {
    // The first entries of nebari-dev/nebari-docs
    // docs/classic/explanations/advanced-configuration.md (1b51a4a3), as objects.
    const profiles = read([
      {
        display_name: 'Small Instance',
        description: 'Stable environment with 2 cpu / 8 GB RAM',
        default: true,
        kubespawner_override: {
          cpu_limit: 2,
          cpu_guarantee: 1.5,
          mem_limit: '8G',
          mem_guarantee: '5G',
        },
      },
      {
        display_name: 'A100 GPU Instance 1x',
        access: 'yaml',
        groups: ['gpu-access'],
        description:
          'GPU instance with 12 cpu / 85GB RAM / 1 Nvidia A100 GPU (40 GB GPU RAM)',
        kubespawner_override: {
          cpu_limit: 12,
          image: 'quay.io/nebari/nebari-jupyterlab-gpu:2023.7.2',
          extra_resource_limits: { 'nvidia.com/gpu': 1 },
          node_selector: {
            'cloud.google.com/gke-nodepool': 'gpu-ampere-a100-x1',
          },
        },
      },
    ]);
    expect(profiles.map(p => p.slug)).toEqual([
      'small-instance',
      'a100-gpu-instance-1x',
    ]);
  });

  it('keeps unknown KubeSpawner keys as written, nested ones included', () => {
    const kubespawner_override = {
      cpu_limit: 1,
      extra_pod_config: {
        volumes: [
          {
            name: 'dshm',
            emptyDir: { medium: 'Memory', sizeLimit: '2Gi' },
          },
        ],
      },
      lifecycle_hooks: { postStart: { exec: { command: ['sh', '-c', 'x'] } } },
      some_future_kubespawner_setting: 42,
    };
    const [profile] = read([{ display_name: 'X', kubespawner_override }]);
    expect(profile.kubespawner_override).toEqual(kubespawner_override);
  });

  it("accepts Nebari's null lists and KubeSpawner's option without choices", () => {
    const [profile] = read([
      {
        display_name: 'Custom image',
        users: null,
        groups: null,
        kubespawner_override: null,
        profile_options: {
          image: {
            display_name: 'Image',
            unlisted_choice: {
              enabled: true,
              display_name: 'Image',
              validation_regex: '^quay.io/nebari/.+$',
              kubespawner_override: { image: '{value}' },
            },
          },
        },
      },
    ]);
    expect(profile).toEqual({
      display_name: 'Custom image',
      slug: 'custom-image',
      profile_options: {
        image: expect.objectContaining({ choices: {} }),
      },
    });
  });

  it('keeps a configured slug, which KubeSpawner uses as given', () => {
    expect(read([{ display_name: 'Demo', slug: 'demo-1' }])[0].slug).toBe(
      'demo-1',
    );
  });

  it('stops the start on a malformed entry, naming the index and field', () => {
    expect(() =>
      read([{ display_name: 'Ok' }, { description: 'no name' }]),
    ).toThrow('Invalid workspaces.profiles[1].display_name: Required');
    expect(() =>
      read([
        {
          display_name: 'Ok',
          profile_options: {
            image: { display_name: 'Image', choices: { a: {} } },
          },
        },
      ]),
    ).toThrow(
      'Invalid workspaces.profiles[0].profile_options.image.choices.a.display_name: Required',
    );
    expect(() =>
      read([{ display_name: 'Ok', kubespawner_override: { cpu_limit: 1 } }, 7]),
    ).toThrow(
      'Invalid workspaces.profiles[1]: Expected object, received number',
    );
    expect(() => read([{ display_name: 'Ok', access: 'some' }])).toThrow(
      "Invalid workspaces.profiles[0].access: Invalid enum value. Expected 'all' | 'yaml' | 'keycloak', received 'some'",
    );
  });

  it('asks for a slug when it cannot derive the one KubeSpawner would', () => {
    expect(() => read([{ display_name: '北京 GPU' }])).toThrow(
      "Invalid workspaces.profiles[0].slug: cannot derive the slug KubeSpawner gives '北京 GPU'",
    );
  });

  it('refuses two profiles KubeSpawner would know by the same slug', () => {
    expect(() =>
      read([
        { display_name: 'Small Instance' },
        { display_name: 'small instance' },
      ]),
    ).toThrow(
      "workspaces.profiles[1] has the slug 'small-instance' (KubeSpawner's slug of its display_name 'small instance') of workspaces.profiles[0]: KubeSpawner would only ever start the first; rename one",
    );
  });
});
