/*
 * Which workspaces and projects use which environment build: running now, launched
 * since a date, last seen running; what the environments plugin's idle list reads.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { storeTestDatabases } from '@internal/test-utils';
import { DatabaseWorkspacesStore } from './DatabaseWorkspacesStore';
import type { NewWorkspace } from './WorkspacesStore';

jest.setTimeout(60_000);

const databases = storeTestDatabases();

const VISION = 'resource:default/team-vision-vision-training';
const CURATED = 'resource:default/python-3-11';
const base: NewWorkspace = {
  owner: 'user:default/ada',
  hubUser: 'ada',
  name: 'training',
  profile: 'small',
  options: {},
  resources: { cpu: 2, memoryGiB: 8, gpu: 0 },
  project: 'component:default/cats-vs-dogs',
  environment: VISION,
};

describe.each(databases.eachSupportedId())(
  'environment usage on %p',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseWorkspacesStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      return { knex, store };
    }

    it('lists running workspaces, the projects that launched a build and its last use', async () => {
      const { knex, store } = await createStore();
      const running = await store.createWorkspace(base, 'user:default/ada');
      await store.updateWorkspace(running.id, {
        status: 'starting',
        environmentBuild: 7,
      });
      await store.updateWorkspace(running.id, { status: 'running' });

      // Another project ran build 5 and stopped; last seen running on 2026-11-20.
      const stopped = await store.createWorkspace(
        {
          ...base,
          owner: 'user:default/grace',
          hubUser: 'grace',
          project: 'component:default/retina-scan',
        },
        'user:default/grace',
      );
      await store.updateWorkspace(stopped.id, {
        status: 'starting',
        environmentBuild: 5,
      });
      await store.updateWorkspace(stopped.id, {
        status: 'running',
        lastSeenRunningAt: '2026-11-20T10:00:00.000Z',
      });
      await store.updateWorkspace(stopped.id, { status: 'stopped' });
      // Its launch happened on 2026-11-19 (events are written at the current time).
      await knex('workspace_events')
        .where({ workspace_id: stopped.id })
        .update({ at: new Date('2026-11-19T09:00:00.000Z') });

      // A curated environment launched long ago: outside `since`.
      const old = await store.createWorkspace(
        { ...base, name: 'old', environment: CURATED },
        'user:default/ada',
      );
      await store.updateWorkspace(old.id, { status: 'starting' });
      await store.updateWorkspace(old.id, { status: 'stopped' });
      await knex('workspace_events')
        .where({ workspace_id: old.id })
        .update({ at: new Date('2026-01-01T00:00:00.000Z') });

      const now = new Date('2026-12-05T06:00:00.000Z');
      const usage = await store.getEnvironmentUsage(
        '2026-09-01T00:00:00.000Z',
        now,
      );
      expect(usage).toEqual([
        {
          environment: VISION,
          environmentBuild: 5,
          running: [],
          projects: ['component:default/retina-scan'],
          lastUsedAt: '2026-11-20T10:00:00.000Z',
        },
        {
          environment: VISION,
          environmentBuild: 7,
          running: [
            {
              id: running.id,
              owner: 'user:default/ada',
              name: 'training',
              project: 'component:default/cats-vs-dogs',
            },
          ],
          projects: ['component:default/cats-vs-dogs'],
          lastUsedAt: now.toISOString(),
        },
      ]);

      // From further back the curated environment shows, without a build.
      const all = await store.getEnvironmentUsage(
        '2025-01-01T00:00:00.000Z',
        now,
      );
      expect(all.find(u => u.environment === CURATED)).toEqual({
        environment: CURATED,
        running: [],
        projects: ['component:default/cats-vs-dogs'],
        lastUsedAt: '2026-01-01T00:00:00.000Z',
      });
    });

    it('still counts the launches of a deleted workspace, without its project', async () => {
      const { store } = await createStore();
      const gone = await store.createWorkspace(base, 'user:default/ada');
      await store.updateWorkspace(gone.id, {
        status: 'starting',
        environmentBuild: 3,
      });
      await store.updateWorkspace(gone.id, { status: 'failed' });
      await store.deleteWorkspace(gone.id);

      const [usage] = await store.getEnvironmentUsage(
        '2026-01-01T00:00:00.000Z',
      );
      expect(usage).toMatchObject({
        environment: VISION,
        environmentBuild: 3,
        running: [],
        projects: [],
      });
      expect(Date.parse(usage.lastUsedAt)).toBeGreaterThan(Date.now() - 60_000);
    });
  },
);
