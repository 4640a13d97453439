import { Entity } from '@backstage/catalog-model';
import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import { CondaEnvironmentProcessor } from './CondaEnvironmentProcessor';

const location = { type: 'file', target: '/environments/catalog-info.yaml' };

function environment(
  dependencies: unknown[],
  lifecycle = 'production',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'python-data-science-2026.11',
      labels: {
        'atrium.io/environment-name': 'python-data-science',
        'atrium.io/environment-version': '2026.11',
      },
    },
    spec: {
      type: 'conda-environment',
      owner: 'group:default/platform-ops',
      lifecycle,
      environment: {
        name: 'python-data-science',
        version: '2026.11',
        channels: ['conda-forge'],
        dependencies: dependencies as string[],
      },
    },
  };
}

async function process(entity: Entity) {
  const emitted: CatalogProcessorResult[] = [];
  const result = await new CondaEnvironmentProcessor().postProcessEntity(
    entity,
    location,
    item => emitted.push(item),
  );
  return { result, emitted };
}

describe('CondaEnvironmentProcessor', () => {
  it('passes a valid environment through without errors', async () => {
    const entity = environment(['python=3.12.7', { pip: ['ruff==0.8.0'] }]);
    const { result, emitted } = await process(entity);
    expect(result).toBe(entity);
    expect(emitted).toEqual([]);
  });

  it('emits one input error per problem, at the entity location', async () => {
    const { emitted } = await process(
      environment(['python=3.12.7', 'numpy>=2', 'pandas'], 'experimental'),
    );
    expect(emitted).toHaveLength(3);
    for (const item of emitted) {
      expect(item).toMatchObject({
        type: 'error',
        location,
        error: { name: 'InputError' },
      });
    }
    const messages = emitted.map(item =>
      item.type === 'error' ? item.error.message : '',
    );
    expect(messages).toEqual([
      'spec.lifecycle must be one of production, deprecated, not "experimental"',
      '"numpy>=2" is a version range: write numpy=X.Y.Z (or numpy==X.Y.Z) with the exact version: environments must pin exact versions',
      'pandas names no version: write pandas=X.Y.Z (or pandas==X.Y.Z) with the exact version: environments must pin exact versions',
    ]);
  });

  it('reports a missing spec.environment', async () => {
    const entity = environment([]);
    delete entity.spec!.environment;
    const { emitted } = await process(entity);
    expect(emitted).toHaveLength(1);
    expect(emitted[0]).toMatchObject({
      type: 'error',
      error: { message: expect.stringMatching(/spec.environment is missing/) },
    });
  });

  it('leaves other entities alone', async () => {
    const database: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: 'warehouse' },
      spec: { type: 'database', owner: 'group:default/platform-ops' },
    };
    const component: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'notebook' },
      spec: { type: 'conda-environment', owner: 'x', lifecycle: 'production' },
    };
    expect((await process(database)).emitted).toEqual([]);
    expect((await process(component)).emitted).toEqual([]);
  });
  it('accepts an unpinned environment that conda-store provides', async () => {
    const entity = environment(['python=3.12', 'numpy', 'pandas>=2']);
    entity.metadata.name = 'team-vision-vision-training';
    entity.metadata.annotations = {
      'atrium.io/conda-store-namespace': 'team-vision',
      'atrium.io/conda-store-environment': 'vision-training',
    };
    const { emitted } = await process(entity);
    expect(emitted).toEqual([]);
  });

  it('holds the same environment to the curated rules without the conda-store annotation', async () => {
    const { emitted } = await process(environment(['python=3.12', 'numpy']));
    expect(emitted.map(e => (e as { error: Error }).error.message)).toEqual([
      'conda reads "python=3.12" as 3.12.*: write python==3.12 or a full X.Y.Z version: environments must pin exact versions',
      'numpy names no version: write numpy=X.Y.Z (or numpy==X.Y.Z) with the exact version: environments must pin exact versions',
    ]);
  });
});
