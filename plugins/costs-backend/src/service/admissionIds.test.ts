import { storeTestDatabases } from '@internal/test-utils';
import type { LaunchAdmissionRequest } from '@internal/plugin-workspaces-node';
import {
  createTestServices,
  createTestStore,
} from '../__testUtils__/costsTestSetup';

jest.setTimeout(120_000);

const databases = storeTestDatabases();

const VISION = 'group:default/team-vision';

/** A 4-GPU start of one of team-vision's workspaces. */
const fourGpus = (
  workspaceId: string,
  user: string,
  admissionId?: string,
): LaunchAdmissionRequest => ({
  user: `user:default/${user}`,
  groups: [VISION],
  workspace: { id: workspaceId, name: `train-${workspaceId}` },
  profile: 'gpu',
  resources: { cpu: 8, memoryGiB: 32, gpu: 4, gpuType: 'nvidia.com/gpu' },
  ...(admissionId ? { admissionId } : {}),
});

describe.each(databases.eachSupportedId())(
  'reservations per admission on %p',
  databaseId => {
    it("keeps the winner's reservation when the loser of a double start releases its own", async () => {
      const store = await createTestStore(await databases.init(databaseId));
      const admission = createTestServices(
        store,
        () => new Date('2026-11-10T12:00:00Z'),
      ).admission;
      await store.putQuota({ subjectRef: VISION, maxGpu: 4 });

      // A double click: both starts of ws-1 pass admission, one claims the workspace.
      expect(await admission.check(fourGpus('ws-1', 'ada', 'a-1'))).toEqual({
        allowed: true,
      });
      expect(await admission.check(fourGpus('ws-1', 'ada', 'a-2'))).toEqual({
        allowed: true,
      });
      // The one that lost the claim gives back its own reservation only.
      await admission.release({ id: 'ws-1', admissionId: 'a-2' });

      // 4 of 4 GPUs run: Alan's start is refused, not an eighth GPU.
      expect(await admission.check(fourGpus('ws-2', 'alan', 'b-1'))).toEqual({
        allowed: false,
        reason:
          "team-vision uses 4 of 4 GPUs: wait for 'train-ws-1' (ada) to stop or ask an admin",
      });
      const [status] = await createTestServices(
        store,
        () => new Date('2026-11-10T12:00:00Z'),
      ).quotas.statuses();
      expect(status.used.gpu).toBe(4);

      // A stop releases the workspace, whatever admission started it.
      await admission.release({ id: 'ws-1' });
      expect(await admission.check(fourGpus('ws-2', 'alan', 'b-2'))).toEqual({
        allowed: true,
      });
    });

    it('counts a running workspace nobody admitted against the quota and flags the excess', async () => {
      const store = await createTestStore(await databases.init(databaseId));
      const admission = createTestServices(
        store,
        () => new Date('2026-11-10T12:00:00Z'),
      ).admission;
      await store.putQuota({ subjectRef: VISION, maxGpu: 4 });
      expect(await admission.check(fourGpus('ws-1', 'ada', 'a-1'))).toEqual({
        allowed: true,
      });
      await store.upsertSessions([
        {
          id: 'sess-1',
          workspaceId: 'ws-1',
          workspaceName: 'train-ws-1',
          owner: 'user:default/ada',
          groups: [VISION],
          profile: 'gpu',
          cpu: 8,
          memoryGiB: 32,
          gpu: 4,
          startedAt: '2026-11-10T11:00:00.000Z',
        },
        // Started while costs was down: 2 more GPUs nobody reserved.
        {
          id: 'sess-2',
          workspaceId: 'ws-9',
          workspaceName: 'unseen',
          owner: 'user:default/alan',
          groups: [VISION],
          profile: 'gpu',
          cpu: 2,
          memoryGiB: 8,
          gpu: 2,
          startedAt: '2026-11-10T11:30:00.000Z',
        },
      ]);
      expect(await admission.reconcile()).toEqual({
        removed: 0,
        added: 1,
        overQuota: [
          {
            workspaceId: 'ws-9',
            reason:
              "team-vision uses 4 of 4 GPUs: wait for 'train-ws-1' (ada) to stop or ask an admin",
          },
        ],
      });
      const [status] = await createTestServices(
        store,
        () => new Date('2026-11-10T12:00:00Z'),
      ).quotas.statuses();
      expect(status.used.gpu).toBe(6);
    });
  },
);
