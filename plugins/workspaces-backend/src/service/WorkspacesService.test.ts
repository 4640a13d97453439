import { mockServices } from '@backstage/backend-test-utils';
import {
  overlappingSessions,
  startJupyterHub,
  storeTestDatabases,
  type StartedJupyterHub,
} from '@internal/test-utils';
import { DatabaseWorkspacesStore } from '../database/DatabaseWorkspacesStore';
import type { StoredWorkspace } from '../database/WorkspacesStore';
import type { IdlePolicy } from './idlePolicies';
import { JupyterHubDriver } from './JupyterHubDriver';
import { WorkspacesService, type Caller } from './WorkspacesService';

jest.setTimeout(120_000);

const databases = storeTestDatabases();
let hub: StartedJupyterHub;
beforeAll(async () => {
  hub = await startJupyterHub();
});
afterAll(async () => {
  await hub?.stop();
});

/** The stores of the running test: checked for overlapping usage sessions after it. */
let stores: DatabaseWorkspacesStore[] = [];
afterEach(async () => {
  const checked = stores;
  stores = [];
  for (const store of checked) {
    const problems = overlappingSessions(await store.listUsageSessions());
    if (problems.length > 0) {
      throw new Error(`Overlapping usage sessions: ${problems.join('; ')}`);
    }
  }
});

// One hub user per database run: the hub keeps stopped named servers, and allows 5 per user.
let ada: Caller;
let hubUser: string;

async function setup(
  databaseId: Parameters<typeof databases.init>[0],
  options: { idlePolicies?: IdlePolicy[]; now?: () => Date } = {},
) {
  hubUser = `ada-${databaseId.toLowerCase().replace(/_/g, '-')}`;
  ada = {
    userEntityRef: `user:default/${hubUser}`,
    ownershipEntityRefs: [
      `user:default/${hubUser}`,
      'group:default/team-vision',
    ],
  };
  const knex = await databases.init(databaseId);
  const store = await DatabaseWorkspacesStore.create({
    database: mockServices.database({ knex, migrations: { skip: false } }),
  });
  stores.push(store);
  const driver = new JupyterHubDriver({
    url: hub.url,
    apiToken: hub.serviceToken,
  });
  const service = new WorkspacesService({
    store,
    driver,
    profiles: [
      {
        display_name: 'Small',
        slug: 'small',
        kubespawner_override: { cpu_limit: 2, mem_limit: '8G' },
      },
    ],
    idlePolicies: options.idlePolicies ?? [],
    admissionChecks: [],
    logger: mockServices.logger.mock(),
    now: options.now,
  });
  return { store, driver, service };
}

/** Starts a workspace and waits until the hub reports it ready. */
async function launch(
  service: WorkspacesService,
  name: string,
): Promise<StoredWorkspace> {
  const created = await service.create(ada, { name, profile: 'small' });
  for await (const event of service.progress(created)) {
    if (event.failed) throw new Error(`start failed: ${event.message}`);
  }
  const running = await service.getOrThrow(created.id);
  expect(running.status).toBe('running');
  return running;
}

const hubHeaders = () => ({ authorization: `token ${hub.serviceToken}` });

describe.each(databases.eachSupportedId())(
  'WorkspacesService with a real JupyterHub, store on %p',
  databaseId => {
    it('opens a usage session when a workspace runs and closes it when it stops', async () => {
      const { service, store } = await setup(databaseId);
      const running = await launch(service, 'usage');
      const [open] = await store.listUsageSessions({ workspaceId: running.id });
      expect(open).toMatchObject({
        owner: ada.userEntityRef,
        groups: ['group:default/team-vision'],
        profile: 'small',
        cpu: 2,
        memoryGiB: 8,
        gpu: 0,
        startedAt: running.startedAt,
      });
      expect(open.endedAt).toBeUndefined();

      const before = Date.now();
      await service.stop(running, ada.userEntityRef, 'stopped by you');
      const [closed] = await store.listUsageSessions({
        workspaceId: running.id,
      });
      expect(closed.endReason).toBe('stopped by you');
      expect(new Date(closed.endedAt!).getTime()).toBeGreaterThanOrEqual(
        before - 1000,
      );
      expect(new Date(closed.endedAt!).getTime()).toBeLessThanOrEqual(
        Date.now(),
      );
    });

    it('reconciles a server stopped outside the portal, ending its session when it was last seen', async () => {
      const { service, store } = await setup(databaseId);
      const running = await launch(service, 'outside');
      await service.reconciler.run();
      const seen = (await store.getWorkspace(running.id))!.lastSeenRunningAt!;
      expect(seen).toEqual(expect.any(String));

      // Someone stops it in the hub's own UI.
      const res = await fetch(
        `${hub.apiUrl}/users/${hubUser}/servers/${running.name}`,
        { method: 'DELETE', headers: hubHeaders() },
      );
      expect([202, 204]).toContain(res.status);
      for (let i = 0; i < 50; i++) {
        const user = await (
          await fetch(`${hub.apiUrl}/users/${hubUser}`, {
            headers: hubHeaders(),
          })
        ).json();
        if (!user.servers[running.name]) break;
        await new Promise(r => setTimeout(r, 200));
      }

      const result = await service.reconciler.run();
      expect(result.stopped).toBe(1);
      const stopped = (await store.getWorkspace(running.id))!;
      expect(stopped.status).toBe('stopped');
      expect(stopped.statusReason).toBe(
        'stopped outside Atrium (JupyterHub reports it is no longer running)',
      );
      const [session] = await store.listUsageSessions({
        workspaceId: running.id,
      });
      expect(session.endedAt).toBe(seen);

      // Reconciling again changes nothing.
      expect((await service.reconciler.run()).stopped).toBe(0);
    });

    it('changes nothing while the hub is down, and repairs the records once it is back', async () => {
      const { service, store } = await setup(databaseId);
      const running = await launch(service, 'restart');
      await service.reconciler.run();

      await hub.stop();
      try {
        await expect(service.reconciler.run()).rejects.toThrow(
          `JupyterHub at ${hub.url} is not answering`,
        );
        expect((await store.getWorkspace(running.id))!.status).toBe('running');
      } finally {
        await hub.restart();
      }
      // Stopping the hub stopped its servers (SimpleLocalProcessSpawner keeps no server
      // across a hub restart): the record follows the hub.
      await service.reconciler.run();
      const after = (await store.getWorkspace(running.id))!;
      expect(after.status).toBe('stopped');
      const [session] = await store.listUsageSessions({
        workspaceId: running.id,
      });
      expect(session.endedAt).toEqual(expect.any(String));
    });

    it("explains the hub's named-server limit with the stopped workspaces holding it", async () => {
      const { service } = await setup(databaseId);
      const limited = `${hubUser}-limit`;
      await fetch(`${hub.apiUrl}/users/${limited}`, {
        method: 'POST',
        headers: hubHeaders(),
      });
      // Five spawns that fail leave five stopped named servers, which count toward the
      // hub's named_server_limit_per_user (5 here) and are listed only with
      // include_stopped_servers.
      for (let i = 1; i <= 5; i++) {
        const res = await fetch(
          `${hub.apiUrl}/users/${limited}/servers/old-${i}`,
          {
            method: 'POST',
            headers: hubHeaders(),
            body: JSON.stringify({ profile: hub.failProfile }),
          },
        );
        expect([201, 202, 500]).toContain(res.status);
      }
      for (let i = 0; i < 50; i++) {
        const user = await (
          await fetch(`${hub.apiUrl}/users/${limited}`, {
            headers: hubHeaders(),
          })
        ).json();
        if (Object.keys(user.servers).length === 0) break;
        await new Promise(r => setTimeout(r, 200));
      }
      const caller: Caller = {
        userEntityRef: `user:default/${limited}`,
        ownershipEntityRefs: [`user:default/${limited}`],
      };
      await expect(
        service.create(caller, { name: 'sixth', profile: 'small' }),
      ).rejects.toThrow(
        "You have 5 stopped workspaces holding the hub's limit of 5 workspaces (old-1, old-2, old-3, old-4, old-5): delete one to start another",
      );
    });

    it('a start watcher that hears "ready" after the workspace was stopped leaves it stopped, with no new usage session', async () => {
      const { service, store } = await setup(databaseId);
      const created = await service.create(ada, {
        name: 'late',
        profile: 'small',
      });
      expect(created.status).toBe('starting');
      for await (const event of service.progress(created)) {
        if (event.failed) throw new Error(`start failed: ${event.message}`);
      }
      const running = await service.getOrThrow(created.id);
      await service.stop(running, ada.userEntityRef, 'stopped by you');

      // The hub runs that server again (as it does when a second watcher of the start
      // still follows it): its progress answers "ready" at once.
      const url = `${hub.apiUrl}/users/${hubUser}/servers/${created.name}`;
      try {
        const spawn = await fetch(url, {
          method: 'POST',
          headers: hubHeaders(),
        });
        expect([201, 202]).toContain(spawn.status);
        const events = [];
        // The watcher still holds the record as it was when the start began.
        for await (const event of service.progress(created)) events.push(event);
        expect(events.at(-1)).toEqual({
          progress: 0,
          message: 'Workspace is stopped: stopped by you',
        });
        const after = (await store.getWorkspace(created.id))!;
        expect(after.status).toBe('stopped');
        const sessions = await store.listUsageSessions({
          workspaceId: created.id,
        });
        expect(sessions).toHaveLength(1);
        expect(sessions[0].endReason).toBe('stopped by you');
      } finally {
        await fetch(url, {
          method: 'DELETE',
          headers: hubHeaders(),
          body: JSON.stringify({ remove: true }),
        });
      }
    });

    it('culls a workspace idle longer than its policy and says why', async () => {
      let offsetMs = 0;
      const { service, store } = await setup(databaseId, {
        idlePolicies: [
          { idleTimeoutMinutes: 45 },
          { group: 'team-genomics', idleTimeoutMinutes: 600 },
        ],
        now: () => new Date(Date.now() + offsetMs),
      });
      const running = await launch(service, 'idle');

      expect((await service.idleCuller.run()).culled).toEqual([]);
      // An hour later by the portal's clock, with no activity in between.
      offsetMs = 60 * 60_000;
      const { culled } = await service.idleCuller.run();
      expect(culled).toEqual([running.id]);
      const stopped = (await store.getWorkspace(running.id))!;
      expect(stopped.status).toBe('stopped');
      expect(stopped.statusReason).toMatch(/^stopped after (59|60) min idle$/);
      const user = await (
        await fetch(`${hub.apiUrl}/users/${hubUser}`, { headers: hubHeaders() })
      ).json();
      expect(user.servers[running.name]?.ready ?? false).toBe(false);
    });
  },
);
