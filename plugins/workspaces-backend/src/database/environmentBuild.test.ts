/*
 * The conda-store build a workspace runs (environment_build): kept on the workspace,
 * recorded with each launch, copied to a reproduction; the migration that adds it steps
 * down and up, and leaves older workspaces without one.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { pluginMigrations, storeTestDatabases } from '@internal/test-utils';
import { DatabaseWorkspacesStore } from './DatabaseWorkspacesStore';
import type { NewWorkspace } from './WorkspacesStore';

jest.setTimeout(60_000);

const databases = storeTestDatabases();
const { directory } = pluginMigrations('@internal/plugin-workspaces-backend');
const MIGRATION = '20261205100000_workspace_environment_build.js';

const training: NewWorkspace = {
  owner: 'user:default/ada',
  hubUser: 'ada',
  name: 'training',
  profile: 'small',
  options: {},
  resources: { cpu: 2, memoryGiB: 8, gpu: 0 },
  project: 'component:default/cats-vs-dogs',
  environment: 'resource:default/team-vision-vision-training',
};

describe.each(databases.eachSupportedId())(
  'the environment build of workspaces on %p',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseWorkspacesStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      return { knex, store };
    }

    it('is recorded at the first launch, kept, listed in the launch history and given to a reproduction', async () => {
      const { store } = await createStore();
      const original = await store.createWorkspace(
        training,
        'user:default/ada',
      );
      expect(original).not.toHaveProperty('environmentBuild');
      await store.updateWorkspace(
        original.id,
        { status: 'starting', environmentBuild: 5 },
        {
          actor: 'user:default/ada',
          eventReason: 'environment team-vision/vision-training, build #5',
        },
      );
      await store.updateWorkspace(original.id, { status: 'stopped' });
      // A restart keeps the build it recorded.
      await store.updateWorkspace(original.id, { status: 'starting' });
      expect(await store.getWorkspace(original.id)).toMatchObject({
        environment: 'resource:default/team-vision-vision-training',
        environmentBuild: 5,
      });
      const launches = (await store.listEvents(original.id)).filter(
        e => e.status === 'starting',
      );
      expect(launches.map(e => [e.environmentBuild, e.reason])).toEqual([
        [5, 'environment team-vision/vision-training, build #5'],
        [5, undefined],
      ]);
      const stopped = (await store.listEvents(original.id)).find(
        e => e.status === 'stopped' && e.reason !== 'created',
      );
      expect(stopped).not.toHaveProperty('environmentBuild');

      const reproduction = await store.createWorkspace(
        {
          ...training,
          name: 'training-repro-1',
          environmentBuild: 5,
          reproducedFrom: original.id,
        },
        'user:default/ada',
      );
      expect(reproduction.environmentBuild).toBe(5);
      const [listed] = await store.listWorkspaces({
        owner: 'user:default/ada',
        statuses: ['stopped'],
      });
      expect(listed).toMatchObject({
        name: 'training-repro-1',
        environmentBuild: 5,
      });
    });

    it('comes with a migration that leaves older workspaces without a build and steps down and up', async () => {
      const { knex, store } = await createStore();
      await knex.migrate.down({ directory, name: MIGRATION });
      expect(
        await knex.schema.hasColumn('workspaces', 'environment_build'),
      ).toBe(false);
      expect(
        await knex.schema.hasColumn('workspace_events', 'environment_build'),
      ).toBe(false);
      // A workspace of the release before, launched once.
      await knex('workspaces').insert({
        id: 'w-old',
        owner: 'user:default/ada',
        hub_user: 'ada',
        name: 'old',
        profile: 'small',
        options: '{}',
        resources: '{"cpu":2,"memoryGiB":8,"gpu":0}',
        environment: 'resource:default/team-vision-vision-training',
        status: 'stopped',
        created_at: new Date(),
        updated_at: new Date(),
      });
      await knex.migrate.up({ directory, name: MIGRATION });
      const old = await store.getWorkspace('w-old');
      expect(old).toMatchObject({
        environment: 'resource:default/team-vision-vision-training',
      });
      expect(old).not.toHaveProperty('environmentBuild');
      expect(
        await knex('workspaces').where({ id: 'w-old' }).first(),
      ).toMatchObject({
        environment_build: null,
      });
    });
  },
);
