import { eventually, startTestCatalog } from '@internal/test-utils';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { catalogModuleEnvironments } from './module';

jest.setTimeout(60_000);

/**
 * The module in the REAL catalog backend (its own SQLite database), reading entity
 * files from a temporary folder as a `file` location.
 */

function environmentYaml(version: string, dependencies: string[]): string {
  return `apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: python-data-science-${version}
  labels:
    atrium.io/environment-name: python-data-science
    atrium.io/environment-version: "${version}"
spec:
  type: conda-environment
  owner: group:default/platform-ops
  lifecycle: production
  environment:
    name: python-data-science
    version: "${version}"
    channels: [conda-forge]
    dependencies: [${dependencies.join(', ')}]
`;
}

describe('catalogModuleEnvironments in the catalog backend', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'atrium-environments-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const startCatalog = () =>
    startTestCatalog({
      features: [catalogModuleEnvironments],
      config: {
        catalog: {
          rules: [{ allow: ['Resource', 'Location'] }],
          locations: [{ type: 'file', target: path.join(dir, 'all.yaml') }],
        },
      },
    });

  it('serves valid environments and reports an invalid one as processing errors', async () => {
    await fs.writeFile(
      path.join(dir, 'all.yaml'),
      `apiVersion: backstage.io/v1alpha1
kind: Location
metadata: { name: environments }
spec:
  targets: [./valid.yaml, ./invalid.yaml]
`,
    );
    await fs.writeFile(
      path.join(dir, 'valid.yaml'),
      environmentYaml('2026.11', ['python=3.12.7', 'numpy=2.1.3']),
    );
    await fs.writeFile(
      path.join(dir, 'invalid.yaml'),
      environmentYaml('2026.12', ['python=3.12.7', 'numpy>=2']),
    );
    const { stop, getEntity, publishedErrors } = await startCatalog();
    try {
      const valid = await eventually('the valid environment', () =>
        getEntity('python-data-science-2026.11'),
      );
      expect(valid.status?.items ?? []).toEqual([]);

      const errors = await eventually(
        'the invalid environment’s errors',
        async () => {
          const published = publishedErrors(
            'resource:default/python-data-science-2026.12',
          );
          return published.length > 0 ? published : undefined;
        },
      );
      expect(errors).toEqual([
        '"numpy>=2" is a version range: write numpy=X.Y.Z (or numpy==X.Y.Z) with the exact version: environments must pin exact versions',
      ]);
      // A version that never passed validation is not served: nothing can launch with it.
      expect(await getEntity('python-data-science-2026.12')).toBeUndefined();
    } finally {
      await stop();
    }
  });

  it('keeps serving the last valid version of an environment that turns invalid, with its errors in status.items', async () => {
    const file = path.join(dir, 'all.yaml');
    await fs.writeFile(
      file,
      environmentYaml('2026.11', ['python=3.12.7', 'numpy=2.1.3']),
    );
    const { backend, stop, getEntity } = await startCatalog();
    try {
      await eventually('the environment', () =>
        getEntity('python-data-science-2026.11'),
      );

      await fs.writeFile(
        file,
        environmentYaml('2026.11', ['python=3.12.7', 'numpy=2.1.*']),
      );
      const refresh = await request(backend.server)
        .post('/api/catalog/refresh')
        .send({ entityRef: 'resource:default/python-data-science-2026.11' });
      expect(refresh.status).toBe(200);

      const entity = await eventually('the processing error', async () => {
        const current = await getEntity('python-data-science-2026.11');
        return current?.status?.items?.length ? current : undefined;
      });
      expect(entity.status?.items).toEqual([
        expect.objectContaining({
          type: 'backstage.io/catalog-processing',
          level: 'error',
          message:
            'InputError: "numpy=2.1.*" has a wildcard version: write numpy=X.Y.Z (or numpy==X.Y.Z) with the exact version: environments must pin exact versions',
        }),
      ]);
      // The served entity is still the last valid one.
      expect(
        (entity.spec?.environment as { dependencies: string[] }).dependencies,
      ).toEqual(['python=3.12.7', 'numpy=2.1.3']);
    } finally {
      await stop();
    }
  });
});
