import { storeTestDatabases } from '@internal/test-utils';
import {
  createTestServices,
  createTestStore,
} from '../__testUtils__/costsTestSetup';
import { PENDING_START_LIMIT_MS } from './Admission';

jest.setTimeout(120_000);

const databases = storeTestDatabases();

describe.each(databases.eachSupportedId())(
  'reservation leaks on %p',
  databaseId => {
    it('does not re-add the reservation of a workspace stopped between metering and reconcile', async () => {
      const store = await createTestStore(await databases.init(databaseId));
      const admission = createTestServices(
        store,
        () => new Date('2026-11-10T12:00:00Z'),
      ).admission;
      await store.putQuota({
        subjectRef: 'group:default/team-vision',
        maxGpu: 4,
      });
      expect(
        await admission.check({
          user: 'user:default/ada',
          groups: ['group:default/team-vision'],
          workspace: { id: 'ws-1', name: 'train-1' },
          profile: 'gpu',
          resources: { cpu: 8, memoryGiB: 32, gpu: 4 },
          admissionId: 'a-1',
        }),
      ).toEqual({ allowed: true });

      // Metering reads ws-1 as running...
      const sessionsAsOfMs = Date.now();
      await store.upsertSessions([
        {
          id: 'sess-1',
          workspaceId: 'ws-1',
          workspaceName: 'train-1',
          owner: 'user:default/ada',
          groups: ['group:default/team-vision'],
          profile: 'gpu',
          cpu: 8,
          memoryGiB: 32,
          gpu: 4,
          startedAt: '2026-11-10T11:00:00.000Z',
        },
      ]);
      // ...then it stops, before the reconcile.
      await admission.release({ id: 'ws-1' });
      expect(await admission.reconcile({ sessionsAsOfMs })).toEqual({
        removed: 0,
        added: 0,
      });
      expect(await store.listReservations()).toEqual([]);

      // A later metering still sees it open (the hub is late): now it is re-added.
      expect(
        await admission.reconcile({ sessionsAsOfMs: Date.now() + 1000 }),
      ).toEqual({ removed: 0, added: 1 });
    });

    it('keeps the reservation of a start pending past the grace period until it runs or stops', async () => {
      const store = await createTestStore(await databases.init(databaseId));
      let now = new Date();
      const admission = createTestServices(store, () => now).admission;
      await store.putQuota({
        subjectRef: 'group:default/team-vision',
        maxGpu: 4,
      });
      const start = (user: string, id: string) =>
        admission.check({
          user: `user:default/${user}`,
          groups: ['group:default/team-vision'],
          workspace: { id, name: `train-${id}` },
          profile: 'gpu',
          resources: { cpu: 8, memoryGiB: 32, gpu: 4 },
          admissionId: `a-${id}`,
        });
      const session = {
        id: 'sess-ws-1',
        workspaceId: 'ws-1',
        workspaceName: 'train-ws-1',
        owner: 'user:default/ada',
        groups: ['group:default/team-vision'],
        profile: 'gpu',
        cpu: 8,
        memoryGiB: 32,
        gpu: 4,
      };
      // An earlier run of ws-1, stopped before this start.
      await store.upsertSessions([
        {
          ...session,
          id: 'earlier',
          startedAt: new Date(Date.now() - 7_200_000).toISOString(),
          endedAt: new Date(Date.now() - 3_600_000).toISOString(),
        },
      ]);
      expect(await start('ada', 'ws-1')).toEqual({ allowed: true });

      // 20 minutes on, the pod still waits for a GPU node: no session yet.
      now = new Date(Date.now() + 20 * 60_000);
      expect(await admission.reconcile()).toEqual({ removed: 0, added: 0 });
      expect((await store.listReservations()).map(r => r.workspaceId)).toEqual([
        'ws-1',
      ]);
      // Its 4 GPUs still count: another start is refused.
      expect(await start('alan', 'ws-2')).toMatchObject({ allowed: false });

      // It runs at last, then stops without a release reaching costs: given back.
      await store.upsertSessions([
        {
          ...session,
          startedAt: new Date(Date.now() + 1_000).toISOString(),
          endedAt: new Date(Date.now() + 60_000).toISOString(),
        },
      ]);
      now = new Date(Date.now() + 30 * 60_000);
      expect(await admission.reconcile()).toEqual({ removed: 1, added: 0 });
      expect(await store.listReservations()).toEqual([]);
    });

    it('gives back a start pending for a day (its failure never reached costs)', async () => {
      const store = await createTestStore(await databases.init(databaseId));
      let now = new Date();
      const admission = createTestServices(store, () => now).admission;
      await admission.check({
        user: 'user:default/ada',
        groups: [],
        workspace: { id: 'ws-1', name: 'train-1' },
        profile: 'gpu',
        resources: { cpu: 8, memoryGiB: 32, gpu: 4 },
        admissionId: 'a-1',
      });
      now = new Date(Date.now() + 23 * 3_600_000);
      expect(await admission.reconcile()).toEqual({ removed: 0, added: 0 });
      now = new Date(Date.now() + PENDING_START_LIMIT_MS + 60_000);
      expect(await admission.reconcile()).toEqual({ removed: 1, added: 0 });
    });

    it('reserves nothing for an admission released before it committed (its caller timed out)', async () => {
      const store = await createTestStore(await databases.init(databaseId));
      const admission = createTestServices(
        store,
        () => new Date('2026-11-10T12:00:00Z'),
      ).admission;
      // Workspaces gave up waiting and released the attempt; then the check arrives.
      await admission.release({ id: 'ws-1', admissionId: 'late' });
      expect(
        await admission.check({
          user: 'user:default/ada',
          groups: ['group:default/team-vision'],
          workspace: { id: 'ws-1', name: 'train-1' },
          profile: 'gpu',
          resources: { cpu: 8, memoryGiB: 32, gpu: 4 },
          admissionId: 'late',
        }),
      ).toEqual({ allowed: true });
      expect(await store.listReservations()).toEqual([]);
    });
  },
);
