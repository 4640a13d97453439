import {
  completeProfile,
  effectiveOverride,
  profileResources,
  resolveOptions,
  type ConfiguredProfile,
} from './profiles';

/*
 * KubeSpawner's own profile_list examples, transcribed from Python (True → true) without
 * other change: the "List example" of the `profile_list` docstring in
 * kubespawner/spawner.py, and the "only-unlisted" case of tests/test_profile.py
 * (jupyterhub/kubespawner 4161d544, 7.1.0).
 */
const docstringExample: ConfiguredProfile[] = [
  {
    display_name: 'Demo - profile_list entry 1',
    description:
      'Demo description for profile_list entry 1, and it should look good even though it is a bit lengthy.',
    slug: 'demo-1',
    default: true,
    profile_options: {
      image: {
        display_name: 'Image',
        choices: {
          base: {
            display_name: 'jupyter/base-notebook:latest',
            kubespawner_override: {
              image: 'jupyter/base-notebook:latest',
            },
          },
          minimal: {
            display_name: 'jupyter/minimal-notebook:latest',
            default: true,
            kubespawner_override: {
              image: 'jupyter/minimal-notebook:latest',
            },
          },
        },
        unlisted_choice: {
          enabled: true,
          display_name: 'Other image',
          display_name_in_choices: 'Enter image manually',
          validation_regex: '^jupyter/.+:.+$',
          validation_message:
            'Must be an image matching ^jupyter/<name>:<tag>$',
          kubespawner_override: { image: '{value}' },
        },
      },
    },
    kubespawner_override: {
      default_url: '/lab',
    },
  },
  {
    display_name: 'Demo - profile_list entry 2',
    slug: 'demo-2',
    kubespawner_override: {
      extra_resource_guarantees: { 'nvidia.com/gpu': '1' },
    },
  },
];

const testProfileWithChoices: ConfiguredProfile = {
  display_name: 'Something with choices',
  kubespawner_override: {},
  default: true,
  profile_options: {
    'no-defaults': {
      display_name: 'Some choice without a default set',
      choices: {
        'option-1': {
          display_name: 'Option 1',
          kubespawner_override: {},
        },
        'option-2': {
          display_name: 'Option 2',
          kubespawner_override: {},
        },
      },
    },
    'only-unlisted': {
      display_name: 'Some option without any choices set',
      unlisted_choice: { enabled: true },
    },
    'explicit-defaults': {
      display_name: 'Some choice with a default set',
      choices: {
        'option-1': {
          display_name: 'Option 1',
          kubespawner_override: {},
        },
        'option-2': {
          display_name: 'Option 2',
          default: true,
          kubespawner_override: {},
        },
      },
    },
  },
};

describe('KubeSpawner profile_list examples', () => {
  const [demo1, demo2] = docstringExample.map(completeProfile);

  it('keeps a given slug and derives a missing one as KubeSpawner does', () => {
    expect([demo1.slug, demo2.slug]).toEqual(['demo-1', 'demo-2']);
    const completed = completeProfile(testProfileWithChoices);
    expect(completed.slug).toBe('something-with-choices');
    // KubeSpawner's test expects the same slug for the same display name.
    expect(completed.profile_options!['only-unlisted'].choices).toEqual({});
  });

  it('passes every KubeSpawner key through untouched', () => {
    expect(demo1.kubespawner_override).toEqual({ default_url: '/lab' });
    expect(demo1.profile_options!.image.unlisted_choice).toEqual(
      docstringExample[0].profile_options!.image.unlisted_choice,
    );
  });

  it('takes an unlisted choice the way the hub reads it, and checks it as the hub does', () => {
    expect(resolveOptions(demo1)).toEqual({ image: 'minimal' });
    const own = {
      'image--unlisted-choice': 'jupyter/datascience-notebook:latest',
    };
    expect(resolveOptions(demo1, own)).toEqual(own);
    expect(profileResources(demo1, own).image).toBe(
      'jupyter/datascience-notebook:latest',
    );
    expect(() =>
      resolveOptions(demo1, { 'image--unlisted-choice': 'quay.io/evil:1' }),
    ).toThrow(
      "'quay.io/evil:1' is not a valid Image: Must be an image matching ^jupyter/<name>:<tag>$",
    );
    // KubeSpawner ignores an empty free-form value and uses the default choice.
    expect(resolveOptions(demo1, { 'image--unlisted-choice': '' })).toEqual({
      image: 'minimal',
    });
  });

  it('refuses a free-form value for an option that does not enable one', () => {
    const profile = completeProfile(testProfileWithChoices);
    expect(() =>
      resolveOptions(profile, { 'no-defaults--unlisted-choice': 'x' }),
    ).toThrow(
      'Some choice without a default set takes only its choices (option-1, option-2), not a value of your own',
    );
  });

  it('fills defaults as KubeSpawner does, and leaves a free-form-only option to the user', () => {
    const profile = completeProfile(testProfileWithChoices);
    expect(resolveOptions(profile)).toEqual({
      'no-defaults': 'option-1',
      'explicit-defaults': 'option-2',
    });
    expect(
      resolveOptions(profile, { 'only-unlisted--unlisted-choice': 'anything' }),
    ).toEqual({
      'no-defaults': 'option-1',
      'only-unlisted--unlisted-choice': 'anything',
      'explicit-defaults': 'option-2',
    });
    expect(() => resolveOptions(profile, { 'only-unlisted': 'x' })).toThrow(
      "Some option without any choices set has no choices: send your own value as 'only-unlisted--unlisted-choice'",
    );
  });

  it('counts GPUs asked as guarantees when no limit names them', () => {
    expect(profileResources(demo2)).toEqual({
      cpu: 0,
      memoryGiB: 0,
      gpu: 1,
      gpuType: 'nvidia.com/gpu',
    });
  });
});

describe('KubeSpawner override semantics', () => {
  const profile = completeProfile({
    display_name: 'Pool',
    kubespawner_override: {
      cpu_limit: 2,
      node_selector: { pool: 'gpu', zone: 'a' },
      extra_resource_limits: { 'nvidia.com/gpu': 1 },
    },
    profile_options: {
      size: {
        display_name: 'Size',
        choices: {
          small: { display_name: 'Small', kubespawner_override: {} },
          large: {
            display_name: 'Large',
            kubespawner_override: { cpu_limit: 8, mem_limit: 34359738368 },
          },
        },
      },
      zone: {
        display_name: 'Zone',
        choices: {
          any: {
            display_name: 'Any zone',
            kubespawner_override: { node_selector: { zone: null } },
          },
          gpus: {
            display_name: 'Two GPUs, 4 CPU',
            kubespawner_override: {
              cpu_limit: 4,
              extra_resource_limits: { 'nvidia.com/gpu': 2 },
            },
          },
        },
      },
    },
  });

  it('merges dictionaries recursively, with null removing a key', () => {
    expect(effectiveOverride(profile, { size: 'small', zone: 'any' })).toEqual({
      cpu_limit: 2,
      node_selector: { pool: 'gpu' },
      extra_resource_limits: { 'nvidia.com/gpu': 1 },
    });
  });

  it('applies options in the order the profile lists them, not the order chosen', () => {
    expect(
      profileResources(profile, { zone: 'gpus', size: 'large' }),
    ).toMatchObject({ cpu: 4, memoryGiB: 32, gpu: 2 });
  });

  it('applies the default choice of an option not chosen', () => {
    expect(effectiveOverride(profile, {}).node_selector).toEqual({
      pool: 'gpu',
    });
  });
});
