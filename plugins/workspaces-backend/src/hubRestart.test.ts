import { mockServices } from '@backstage/backend-test-utils';
import {
  overlappingSessions,
  startJupyterHub,
  storeTestDatabases,
  type StartedJupyterHub,
} from '@internal/test-utils';
import { DatabaseWorkspacesStore } from './database/DatabaseWorkspacesStore';
import { JupyterHubDriver } from './service/JupyterHubDriver';
import { WorkspacesService, type Caller } from './service/WorkspacesService';

jest.setTimeout(180_000);

/**
 * A hub restart as with KubeSpawner: the servers keep running, and the restarted hub
 * reports them pending "check" until its first poll of each returns, which here takes
 * longer than its init_spawners_timeout, so the hub answers the API meanwhile. The hub
 * runs with its own slow_spawn_timeout (10 s) and the portal service holds only the
 * least scopes the README names.
 */
const databases = storeTestDatabases();
let hub: StartedJupyterHub;
beforeAll(async () => {
  hub = await startJupyterHub({
    keepServersOnRestart: true,
    slowCheckSeconds: 8,
    initSpawnersTimeoutSeconds: 1,
    slowSpawnTimeout: 'hub',
    portalScopes: ['admin:users', 'servers'],
  });
});
afterAll(async () => {
  await hub?.stop();
});

async function hubServer(user: string, name: string) {
  const res = await fetch(`${hub.apiUrl}/users/${user}`, {
    headers: { authorization: `token ${hub.serviceToken}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()).servers?.[name];
}

describe.each(databases.eachSupportedId())(
  'a hub restart with slowly checked servers, store on %p',
  databaseId => {
    it('keeps the workspace running with one usage session while the hub checks it', async () => {
      const hubUser = `grace-${databaseId.toLowerCase().replace(/_/g, '-')}`;
      const grace: Caller = {
        userEntityRef: `user:default/${hubUser}`,
        ownershipEntityRefs: [`user:default/${hubUser}`],
      };
      const knex = await databases.init(databaseId);
      const store = await DatabaseWorkspacesStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const service = new WorkspacesService({
        store,
        driver: new JupyterHubDriver({
          url: hub.url,
          apiToken: hub.serviceToken,
        }),
        profiles: [{ display_name: 'Small', slug: 'small' }],
        idlePolicies: [],
        admissionChecks: [],
        logger: mockServices.logger.mock(),
      });

      // With the hub's slow_spawn_timeout the start answers 201 once the server runs
      // (or 202 after 10 s on a loaded machine: then the progress stream says when).
      const created = await service.create(grace, {
        name: 'survivor',
        profile: 'small',
      });
      if (created.status === 'starting') {
        for await (const event of service.progress(created)) {
          if (event.failed) throw new Error(`start failed: ${event.message}`);
        }
      }
      const running = (await store.getWorkspace(created.id))!;
      expect(running.status).toBe('running');
      expect((await service.reconciler.run()).seen).toBe(1);

      await hub.restart();
      // The condition this test is about: the hub answers while it checks the server.
      expect(await hubServer(hubUser, 'survivor')).toMatchObject({
        ready: false,
        pending: 'check',
      });
      expect(await service.reconciler.run()).toMatchObject({ stopped: 0 });
      expect((await store.getWorkspace(running.id))!.status).toBe('running');

      // Once checked, the server is ready again: the same run, the same session.
      for (let i = 0; i < 100; i++) {
        if ((await hubServer(hubUser, 'survivor'))?.ready) break;
        await new Promise(r => setTimeout(r, 200));
      }
      expect(await hubServer(hubUser, 'survivor')).toMatchObject({
        ready: true,
        pending: null,
      });
      expect(await service.reconciler.run()).toEqual({
        started: 0,
        stopped: 0,
        seen: 1,
      });
      let sessions = await store.listUsageSessions({ workspaceId: running.id });
      expect(sessions).toHaveLength(1);
      expect(sessions[0].endedAt).toBeUndefined();

      // Stop and delete work with the least scopes too.
      await service.stop(running, grace.userEntityRef, 'stopped by you');
      sessions = await store.listUsageSessions();
      expect(sessions).toHaveLength(1);
      expect(sessions[0].endReason).toBe('stopped by you');
      expect(overlappingSessions(sessions)).toEqual([]);
      await service.delete(
        (await store.getWorkspace(running.id))!,
        grace.userEntityRef,
      );
      expect(await hubServer(hubUser, 'survivor')).toBeUndefined();
    });
  },
);
