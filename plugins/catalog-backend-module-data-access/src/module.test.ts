import type { JsonObject } from '@backstage/types';
import { toDataSource } from '@internal/plugin-data-access-common';
import { eventually, startTestCatalog } from '@internal/test-utils';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { catalogModuleDataAccess } from './module';

jest.setTimeout(60_000);

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

  const startCatalog = (nebariSharedFolders: JsonObject) =>
    startTestCatalog({
      features: [catalogModuleDataAccess],
      config: {
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
    });

  it('gives each team its Nebari shared folder as a data source and refuses a database without a Secret name', async () => {
    const { stop, getEntity, waitForEntity, publishedErrors } =
      await startCatalog({
        enabled: true,
        groupTypes: ['team'],
      });
    try {
      const folder = await waitForEntity('shared-team-vision');
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
      expect(
        folder.metadata.annotations?.['atrium.io/nebari-shared-folder'],
      ).toBe('team-vision');
      // The owner's relation is there, so the group's page lists its folder.
      expect(folder.relations).toEqual(
        expect.arrayContaining([
          { type: 'ownedBy', targetRef: 'group:default/team-vision' },
        ]),
      );

      const clinical = await waitForEntity('clinical-trials-2026');
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
      await stop();
    }
  });

  it('generates no folders when Nebari shared folders are off', async () => {
    const { stop, getEntity, waitForEntity } = await startCatalog({
      enabled: false,
    });
    try {
      await waitForEntity('clinical-trials-2026');
      expect(await getEntity('shared-team-vision')).toBeUndefined();
    } finally {
      await stop();
    }
  });
});
