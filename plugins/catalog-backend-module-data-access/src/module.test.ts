import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import catalogBackend from '@backstage/plugin-catalog-backend';
import { toDataSource } from '@internal/plugin-data-access-common';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { catalogModuleDataAccess } from './module';

jest.setTimeout(60_000);

type ServedEntity = Entity & {
  status?: { items?: Array<{ type: string; level: string; message: string }> };
};

async function eventually<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await attempt();
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

const ORG = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-vision }
spec:
  type: team
  profile: { displayName: Computer vision team }
  children: []
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: research }
spec: { type: department, children: [] }
`;

const SOURCES = `apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: { name: clinical-trials-2026 }
spec:
  type: shared-folder
  owner: team-genomics
  dataSource:
    sensitivity: restricted
    volume: { nfs: { server: nfs.data.svc, path: /exports/clinical } }
    mountPath: /data/clinical-trials-2026
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: { name: sales-warehouse }
spec:
  type: database
  owner: group:default/team-vision
  dataSource:
    sensitivity: confidential
    database: { host: pg.data.svc, name: sales }
`;

/** The module in the REAL catalog backend, reading files from a temporary folder. */
describe('catalogModuleDataAccess in the catalog backend', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'atrium-data-access-'));
    await fs.writeFile(path.join(dir, 'org.yaml'), ORG);
    await fs.writeFile(path.join(dir, 'sources.yaml'), SOURCES);
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function startCatalog(nebariSharedFolders: JsonObject) {
    const events = mockServices.events.mock();
    const backend = await startTestBackend({
      features: [
        catalogBackend,
        catalogModuleDataAccess,
        events.factory,
        mockServices.rootConfig.factory({
          data: {
            dataAccess: { nebariSharedFolders },
            catalog: {
              rules: [{ allow: ['Resource', 'Location'] }],
              locations: [
                {
                  type: 'file',
                  target: path.join(dir, 'org.yaml'),
                  // The generated folders come from this location: it allows Resource.
                  rules: [{ allow: ['Group', 'Resource'] }],
                },
                { type: 'file', target: path.join(dir, 'sources.yaml') },
              ],
            },
          },
        }),
      ],
    });
    const getEntity = async (
      name: string,
    ): Promise<ServedEntity | undefined> => {
      const response = await request(backend.server).get(
        `/api/catalog/entities/by-name/resource/default/${name}`,
      );
      return response.status === 200 ? response.body : undefined;
    };
    const publishedErrors = (entityRef: string): string[] =>
      events.publish.mock.calls
        .map(([params]) => params)
        .filter(params => params.topic === 'experimental.catalog.errors')
        .filter(
          params =>
            (params.eventPayload as { entity: string }).entity === entityRef,
        )
        .flatMap(params =>
          (params.eventPayload as { errors: Error[] }).errors.map(
            e => e.message,
          ),
        );
    return { backend, getEntity, publishedErrors };
  }

  it("gives each team its Nebari shared folder as a data source and refuses a database without a Secret name", async () => {
    const { backend, getEntity, publishedErrors } = await startCatalog({
      enabled: true,
      groupTypes: ['team'],
    });
    try {
      const folder = await eventually('the shared folder', () =>
        getEntity('shared-team-vision'),
      );
      const source = toDataSource(folder);
      expect(source).toMatchObject({
        ref: 'resource:default/shared-team-vision',
        type: 'shared-folder',
        owner: 'group:default/team-vision',
        title: 'Computer vision team shared folder',
        spec: {
          sensitivity: 'internal',
          volume: {
            persistentVolumeClaim: { claimName: 'jupyterhub-shared' },
            subPath: 'shared/team-vision',
          },
          mountPath: '/shared/team-vision',
        },
      });
      expect(folder.metadata.annotations?.['atrium.io/nebari-shared-folder']).toBe('team-vision');
      // The owner's relation is there, so the group's page lists its folder.
      expect(folder.relations).toEqual(
        expect.arrayContaining([
          { type: 'ownedBy', targetRef: 'group:default/team-vision' },
        ]),
      );

      const clinical = await eventually('the restricted folder', () =>
        getEntity('clinical-trials-2026'),
      );
      expect(toDataSource(clinical)?.owner).toBe('group:default/team-genomics');

      const errors = await eventually('the database’s errors', async () => {
        const published = publishedErrors('resource:default/sales-warehouse');
        return published.length ? published : undefined;
      });
      expect(errors).toEqual([
        'Data source sales-warehouse: spec.dataSource.database.secretName must name the Kubernetes Secret with its credentials (Atrium never holds them)',
      ]);
      expect(await getEntity('sales-warehouse')).toBeUndefined();
      // Only teams were asked for: the department has no folder.
      expect(await getEntity('shared-research')).toBeUndefined();
    } finally {
      await backend.stop();
    }
  });

  it('generates no folders when Nebari shared folders are off', async () => {
    const { backend, getEntity } = await startCatalog({ enabled: false });
    try {
      await eventually('the restricted folder', () =>
        getEntity('clinical-trials-2026'),
      );
      expect(await getEntity('shared-team-vision')).toBeUndefined();
    } finally {
      await backend.stop();
    }
  });
});
