import { storeTestDatabases } from '@internal/test-utils';
import {
  createTestServices,
  createTestStore,
} from '../__testUtils__/costsTestSetup';

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
