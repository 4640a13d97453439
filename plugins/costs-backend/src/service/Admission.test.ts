import { storeTestDatabases } from '@internal/test-utils';
import type { LaunchAdmissionRequest } from '@internal/plugin-workspaces-node';
import {
  createTestServices,
  createTestStore,
  replicaClient,
} from '../__testUtils__/costsTestSetup';
import { RESERVATION_GRACE_MS } from './Admission';

jest.setTimeout(120_000);

const databases = storeTestDatabases();

const gpuLaunch = (i: number, user = 'ada'): LaunchAdmissionRequest => ({
  user: `user:default/${user}`,
  groups: ['group:default/team-vision'],
  workspace: { id: `ws-${user}-${i}`, name: `train-${i}` },
  profile: 'gpu',
  resources: { cpu: 8, memoryGiB: 32, gpu: 1, gpuType: 'nvidia.com/gpu' },
});

describe.each(databases.eachSupportedId())('Admission on %p', databaseId => {
  it('admits exactly as many concurrent GPU launches as the group quota allows, across replicas', async () => {
    const knex = await databases.init(databaseId);
    const now = () => new Date('2026-11-10T12:00:00Z');
    const storeA = await createTestStore(knex);
    const replica = replicaClient(databaseId, knex);
    const storeB = await createTestStore(replica);
    await storeA.putQuota({
      subjectRef: 'group:default/team-vision',
      maxGpu: 4,
    });
    const replicas = [
      createTestServices(storeA, now).admission,
      createTestServices(storeB, now).admission,
    ];
    try {
      const decisions = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          replicas[i % 2].check(gpuLaunch(i, i % 3 === 0 ? 'alan' : 'ada')),
        ),
      );
      expect(decisions.filter(d => d.allowed)).toHaveLength(4);
      const reservations = await storeA.listReservations();
      expect(reservations.reduce((sum, r) => sum + r.gpu, 0)).toBe(4);
      const refusal = decisions.find(d => !d.allowed);
      expect(refusal).toEqual({
        allowed: false,
        reason: expect.stringMatching(
          /^team-vision uses 4 of 4 GPUs: (stop|wait for) 'train-\d+'.* or ask an admin$/,
        ),
      });
    } finally {
      if (replica !== knex) await replica.destroy();
    }
  });

  it("names a workspace that holds the resource, the person's own first, and frees it on release", async () => {
    const knex = await databases.init(databaseId);
    const store = await createTestStore(knex);
    const admission = createTestServices(
      store,
      () => new Date('2026-11-10T12:00:00Z'),
    ).admission;
    await store.putQuota({
      subjectRef: 'group:default/team-vision',
      maxGpu: 2,
    });
    await store.putQuota({
      subjectRef: 'user:default/ada',
      maxRunningWorkspaces: 5,
    });
    expect(await admission.check(gpuLaunch(1, 'alan'))).toEqual({
      allowed: true,
    });
    expect(await admission.check(gpuLaunch(2, 'ada'))).toEqual({
      allowed: true,
    });
    // A restart of an admitted workspace replaces its reservation, it does not add one.
    expect(await admission.check(gpuLaunch(2, 'ada'))).toEqual({
      allowed: true,
    });

    expect(await admission.check(gpuLaunch(3, 'ada'))).toEqual({
      allowed: false,
      reason: "team-vision uses 2 of 2 GPUs: stop 'train-2' or ask an admin",
    });
    expect(await admission.check(gpuLaunch(3, 'alan'))).toEqual({
      allowed: false,
      reason: "team-vision uses 2 of 2 GPUs: stop 'train-1' or ask an admin",
    });

    const preview = await admission.preview(gpuLaunch(3, 'ada'));
    expect(preview.refusal).toBe(
      "team-vision uses 2 of 2 GPUs: stop 'train-2' or ask an admin",
    );
    expect(preview.facts).toEqual([
      {
        label: 'Estimated cost',
        // 8 x 0.033 + 32 x 0.0045 + 2.48 + 0.1 (the gpu profile's flat price)
        value: '$2.99 per hour ($23.90 per 8-hour day)',
        tone: 'info',
      },
      {
        label: 'Your running workspaces',
        value: '1 of 5 in use',
        tone: 'info',
      },
      { label: 'team-vision GPUs', value: '2 of 2 in use', tone: 'error' },
    ]);
    // The preview reserved nothing.
    expect(await store.listReservations()).toHaveLength(2);

    await admission.release({ id: 'ws-ada-2' });
    expect(await admission.check(gpuLaunch(3, 'ada'))).toEqual({
      allowed: true,
    });
  });

  it('refuses a start when a budget of the user or a group is used up', async () => {
    const store = await createTestStore(await databases.init(databaseId));
    const admission = createTestServices(
      store,
      () => new Date('2026-11-10T12:00:00Z'),
    ).admission;
    await store.putBudget({
      subjectRef: 'group:default/team-vision',
      monthlyAmount: 100,
    });
    await store.upsertSessions([
      {
        id: 'big',
        workspaceId: 'old',
        owner: 'user:default/alan',
        groups: ['group:default/team-vision'],
        profile: 'gpu',
        cpu: 0,
        memoryGiB: 0,
        gpu: 1,
        gpuType: 'nvidia.com/gpu',
        // 40 h x (2.48 + 0.1) = $103.20
        startedAt: '2026-11-02T00:00:00.000Z',
        endedAt: '2026-11-03T16:00:00.000Z',
      },
    ]);
    const reason =
      "team-vision's budget for 2026-11 is used up ($103.20 of $100.00): ask an admin to raise it";
    expect(await admission.check(gpuLaunch(1))).toEqual({
      allowed: false,
      reason,
    });
    const preview = await admission.preview(gpuLaunch(1));
    expect(preview.refusal).toBe(reason);
    expect(preview.facts).toContainEqual({
      label: 'team-vision budget',
      value: '$0.00 left of $100.00 this month',
      tone: 'error',
    });
    expect(await store.listReservations()).toEqual([]);
  });

  it('reconciles: drops reservations of workspaces no longer running, adds running ones', async () => {
    const store = await createTestStore(await databases.init(databaseId));
    let now = new Date('2026-11-10T12:00:00Z');
    const admission = createTestServices(store, () => now).admission;
    expect(await admission.check(gpuLaunch(1))).toEqual({ allowed: true });
    await store.upsertSessions([
      {
        id: 'running',
        workspaceId: 'ws-running',
        workspaceName: 'outside',
        owner: 'user:default/grace',
        groups: ['group:default/team-genomics'],
        profile: 'small',
        cpu: 2,
        memoryGiB: 8,
        gpu: 0,
        startedAt: '2026-11-10T11:00:00.000Z',
      },
    ]);
    // Within the grace period a reservation without a session is a start in progress.
    expect(await admission.reconcile()).toEqual({ removed: 0, added: 1 });
    // ws-ada-1 ran and stopped, and its release never came (costs was down).
    await store.upsertSessions([
      {
        id: 'ran',
        workspaceId: 'ws-ada-1',
        workspaceName: 'train-1',
        owner: 'user:default/ada',
        groups: ['group:default/team-vision'],
        profile: 'gpu',
        cpu: 8,
        memoryGiB: 32,
        gpu: 1,
        startedAt: new Date(Date.now() + 1_000).toISOString(),
        endedAt: new Date(Date.now() + 60_000).toISOString(),
      },
    ]);
    // Reservations are stamped by the store's clock (the real one): move past its grace.
    now = new Date(Date.now() + RESERVATION_GRACE_MS + 120_000);
    expect(await admission.reconcile()).toEqual({ removed: 1, added: 0 });
    expect((await store.listReservations()).map(r => r.workspaceId)).toEqual([
      'ws-running',
    ]);
  });
});
