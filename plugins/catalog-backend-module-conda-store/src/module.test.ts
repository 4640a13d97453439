import catalogModuleEnvironments from '@internal/plugin-catalog-backend-module-environments';
import {
  startCondaStoreTestServer,
  CondaStoreTestServer,
} from '@internal/conda-store-test-server';
import { startTestCatalog } from '@internal/test-utils';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { catalogModuleCondaStore } from './module';

jest.setTimeout(60_000);

/**
 * The module in the REAL catalog backend beside the curated environments' processor:
 * conda-store's environments and a curated YAML one are served side by side, neither
 * with processing errors.
 */
describe('catalogModuleCondaStore in the catalog backend', () => {
  let server: CondaStoreTestServer;
  let dir: string;
  beforeAll(async () => {
    server = await startCondaStoreTestServer({ seed: 'demo' });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'atrium-conda-store-'));
    await fs.writeFile(
      path.join(dir, 'curated.yaml'),
      `apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: python-data-science-2026.11
  labels:
    atrium.io/environment-name: python-data-science
    atrium.io/environment-version: "2026.11"
spec:
  type: conda-environment
  owner: group:default/platform-ops
  lifecycle: production
  environment:
    name: python-data-science
    version: "2026.11"
    channels: [conda-forge]
    dependencies: [python=3.12.7, numpy=2.1.3]
`,
    );
  });
  afterAll(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('serves conda-store environments beside the curated ones', async () => {
    const catalog = await startTestCatalog({
      features: [catalogModuleEnvironments, catalogModuleCondaStore],
      config: {
        catalog: {
          rules: [{ allow: ['Resource', 'Location'] }],
          locations: [{ type: 'file', target: path.join(dir, 'curated.yaml') }],
        },
        environments: {
          condaStore: {
            url: server.url,
            token: server.token,
            platformOwner: 'group:default/platform-admins',
          },
        },
      },
    });
    try {
      const vision = await catalog.waitForEntity('team-vision-vision-training');
      expect(vision.spec).toMatchObject({
        type: 'conda-environment',
        owner: 'group:default/team-vision',
      });
      expect(vision.status?.items ?? []).toEqual([]);
      const global = await catalog.waitForEntity('global-python-data-science');
      expect(global.spec!.owner).toBe('group:default/platform-admins');
      const curated = await catalog.waitForEntity(
        'python-data-science-2026.11',
      );
      expect(curated.status?.items ?? []).toEqual([]);
    } finally {
      await catalog.stop();
    }
  });
});
