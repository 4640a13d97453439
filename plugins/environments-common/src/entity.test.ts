import { Entity } from '@backstage/catalog-model';
import {
  InvalidEnvironmentError,
  readCondaEnvironment,
  validateEnvironmentEntity,
} from './entity';

function environmentEntity(
  overrides: {
    name?: string;
    labels?: Record<string, string>;
    lifecycle?: string;
    environment?: NonNullable<Entity['spec']>[string];
    type?: string;
    kind?: string;
  } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: overrides.kind ?? 'Resource',
    metadata: {
      name: overrides.name ?? 'python-data-science-2026.11',
      labels: overrides.labels ?? {
        'atrium.io/environment-name': 'python-data-science',
        'atrium.io/environment-version': '2026.11',
      },
    },
    spec: {
      type: overrides.type ?? 'conda-environment',
      owner: 'group:default/platform-ops',
      lifecycle: 'lifecycle' in overrides ? overrides.lifecycle : 'production',
      environment:
        'environment' in overrides
          ? overrides.environment
          : {
              name: 'python-data-science',
              version: '2026.11',
              channels: ['conda-forge'],
              dependencies: [
                'python=3.12.7',
                'numpy=2.1.3',
                { pip: ['requests==2.32.3'] },
              ],
            },
    },
  };
}

describe('readCondaEnvironment', () => {
  it('reads a valid environment', () => {
    const env = readCondaEnvironment(environmentEntity());
    expect(env).toMatchObject({
      entityRef: 'resource:default/python-data-science-2026.11',
      name: 'python-data-science',
      version: '2026.11',
      lifecycle: 'production',
      channels: ['conda-forge'],
    });
    expect(env.dependencies.map(d => d.spec)).toEqual([
      'python=3.12.7',
      'numpy=2.1.3',
      'requests==2.32.3',
    ]);
  });

  it.each([
    [
      { type: 'database' },
      /must be a Resource with spec.type conda-environment/,
    ],
    [{ kind: 'Component' }, /must be a Resource/],
    [{ environment: undefined }, /spec.environment is missing/],
    [{ environment: ['x'] }, /spec.environment is missing/],
    [
      {
        environment: {
          name: 'Python DS',
          version: '1.0',
          channels: ['c'],
          dependencies: ['a==1'],
        },
      },
      /spec.environment.name must be lower-case/,
    ],
    [
      {
        environment: {
          name: 'py',
          version: 2026.11,
          channels: ['c'],
          dependencies: ['a==1'],
        },
      },
      /version must be a string: quote it \("2026.11"\)/,
    ],
    [
      {
        environment: {
          name: 'py',
          version: '2026.11',
          channels: [],
          dependencies: ['a==1'],
        },
      },
      /channels must be a non-empty list/,
    ],
    [
      {
        environment: {
          name: 'py',
          version: '2026.11',
          channels: ['c'],
          dependencies: [],
        },
      },
      /dependencies is empty/,
    ],
    [
      {
        environment: {
          name: 'py',
          version: '2026.11',
          channels: ['c'],
          dependencies: [{ conda: [] }],
        },
      },
      /spec.environment.dependencies\[0\] must be a conda spec/,
    ],
  ])('refuses %j', (overrides, message) => {
    const read = () => readCondaEnvironment(environmentEntity(overrides));
    expect(read).toThrow(InvalidEnvironmentError);
    expect(read).toThrow(message);
    // Backstage's error handler answers errors named InputError with a 400.
    expect(read).toThrow(expect.objectContaining({ name: 'InputError' }));
  });
});

describe('validateEnvironmentEntity', () => {
  it('finds nothing wrong with a curated environment', () => {
    expect(validateEnvironmentEntity(environmentEntity())).toEqual([]);
  });

  it('lists every problem', () => {
    const problems = validateEnvironmentEntity(
      environmentEntity({
        name: 'python-ds',
        labels: { 'atrium.io/environment-name': 'python-data-science' },
        lifecycle: 'experimental',
        environment: {
          name: 'python-data-science',
          version: '2026.11',
          channels: ['conda-forge'],
          dependencies: ['python=3.12.7', 'numpy>=2', { pip: ['requests'] }],
        },
      }),
    );
    expect(problems).toEqual([
      'metadata.name must be "python-data-science-2026.11" (<environment name>-<version>), not "python-ds"',
      'metadata.labels["atrium.io/environment-version"] must be "2026.11"',
      'spec.lifecycle must be one of production, deprecated, not "experimental"',
      '"numpy>=2" is a version range: write numpy=X.Y.Z (or numpy==X.Y.Z) with the exact version: environments must pin exact versions',
      'requests names no version: write requests==X.Y.Z with the exact version: environments must pin exact versions',
    ]);
  });

  it('reports an unreadable entity as one problem', () => {
    expect(
      validateEnvironmentEntity(environmentEntity({ environment: undefined })),
    ).toEqual([
      'resource:default/python-data-science-2026.11 is not a valid environment: spec.environment is missing (name, version, channels, dependencies)',
    ]);
  });
});
