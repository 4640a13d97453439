import { mockServices } from '@backstage/backend-test-utils';
import type { WorkspaceProfile } from '@internal/plugin-workspaces-common';
import { storeTestDatabases } from '@internal/test-utils';
import type { CostsStore, MeteredSession } from '../database/CostsStore';
import { DatabaseCostsStore } from '../database/DatabaseCostsStore';
import { PriceList } from '../pricing';
import { DEMO_DAYS, demoSessionsOfDay, seedDemoUsage } from './seedDemoUsage';

jest.setTimeout(120_000);

const NOW = new Date('2026-11-30T15:20:00Z');
const prices = new PriceList([
  {
    effectiveFrom: '2020-01-01',
    cpuCoreHour: 0.0316,
    memoryGiBHour: 0.0042,
    gpuHour: { 'nvidia.com/gpu': 0.95, default: 0.95 },
    storageGiBMonth: 0.1,
  },
]);

/** A store that keeps what it is given, to look at every seeded session. */
function recordingStore() {
  const sessions = new Map<string, MeteredSession>();
  const state = new Map<string, string>();
  const store: Pick<CostsStore, 'upsertSessions' | 'getState' | 'setState'> = {
    async upsertSessions(items) {
      for (const s of items) sessions.set(s.id, s);
    },
    async getState(key) {
      return state.get(key);
    },
    async setState(key, value) {
      state.set(key, value);
    },
  };
  return { store, sessions };
}

describe('seedDemoUsage', () => {
  it('seeds four months of working-hours usage of the demo people, flagged as demo', async () => {
    const { store, sessions } = recordingStore();
    const { added } = await seedDemoUsage(store, { now: NOW });
    const all = [...sessions.values()];
    expect(added).toBe(all.length);
    // ~4 people × ~0.6 sessions a day × 120 days
    expect(all.length).toBeGreaterThan(250);
    expect(all.length).toBeLessThan(700);

    expect(all.every(s => s.id.startsWith('demo-') && s.demo === true)).toBe(
      true,
    );
    expect(all.every(s => s.workspaceId.startsWith('demo-'))).toBe(true);
    expect(new Set(all.map(s => s.owner))).toEqual(
      new Set([
        'user:default/ada',
        'user:default/alan',
        'user:default/grace',
        'user:default/rosalind',
      ]),
    );
    expect(new Set(all.map(s => s.profile))).toEqual(
      new Set(['small', 'medium', 'gpu']),
    );
    expect(all.find(s => s.owner === 'user:default/grace')?.groups).toEqual([
      'group:default/team-genomics',
    ]);
    expect(all.some(s => s.project === 'component:default/cats-vs-dogs')).toBe(
      true,
    );
    expect(all.some(s => s.project === undefined)).toBe(true);

    // Only ended sessions, within the last DEMO_DAYS days.
    const oldest = NOW.getTime() - (DEMO_DAYS + 1) * 86_400_000;
    for (const s of all) {
      expect(Date.parse(s.startedAt)).toBeGreaterThanOrEqual(oldest);
      expect(Date.parse(s.endedAt!)).toBeLessThanOrEqual(NOW.getTime());
      expect(Date.parse(s.endedAt!)).toBeGreaterThan(Date.parse(s.startedAt));
    }

    // GPU sessions (one and two GPUs), only in team-vision.
    const gpu = all.filter(s => s.gpu > 0);
    expect(gpu.length).toBeGreaterThan(30);
    expect(new Set(gpu.map(s => s.gpu))).toEqual(new Set([1, 2]));
    expect(gpu.every(s => s.groups[0] === 'group:default/team-vision')).toBe(
      true,
    );
    expect(gpu.every(s => s.gpuType === 'nvidia.com/gpu')).toBe(true);

    // Working hours: sessions start in the (UTC) morning or after lunch, mostly on weekdays.
    const startHours = all.map(s => new Date(s.startedAt).getUTCHours());
    expect(startHours.filter(h => h >= 7 && h < 19).length).toBe(all.length);
    const weekend = all.filter(s =>
      [0, 6].includes(new Date(s.startedAt).getUTCDay()),
    );
    expect(weekend.length).toBeLessThan(all.length * 0.1);

    // Idle-culled sessions: the policy's timeout plus up to a culler interval.
    const culled = all.filter(s =>
      /^stopped after \d+ min idle$/.test(s.endReason!),
    );
    expect(culled.length).toBeGreaterThan(3);
    for (const s of culled) {
      const minutes = Number(/(\d+) min/.exec(s.endReason!)![1]);
      expect(s.idleSeconds).toBe(minutes * 60);
      let timeout = s.gpu > 0 ? 15 : 30;
      if (s.groups[0] === 'group:default/team-genomics') timeout = 120;
      expect(minutes).toBeGreaterThanOrEqual(timeout);
      expect(minutes).toBeLessThan(timeout + 10);
    }
    // Before culling was switched on, forgotten sessions ran overnight.
    const overnight = all.filter(
      s =>
        s.startedAt.slice(0, 10) !== s.endedAt!.slice(0, 10) &&
        s.idleSeconds! > 8 * 3600,
    );
    expect(overnight.length).toBeGreaterThan(0);
  });

  it('gives the same sessions for the same day, whenever it runs', () => {
    const day = Date.parse('2026-10-14T00:00:00Z');
    const a = demoSessionsOfDay(day, { dayIndex: 50 });
    const b = demoSessionsOfDay(day, { dayIndex: 50 });
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
    expect(demoSessionsOfDay(day + 86_400_000, { dayIndex: 51 })).not.toEqual(
      a,
    );
  });

  it('takes the resources of the configured profiles', async () => {
    const profiles: WorkspaceProfile[] = [
      {
        display_name: 'Small',
        slug: 'small',
        kubespawner_override: { cpu_limit: 1, mem_limit: '2G' },
      },
      // As in app-config.yaml: one GPU by default, two as an option.
      {
        display_name: 'GPU Instance',
        slug: 'gpu',
        kubespawner_override: {
          cpu_limit: 6,
          mem_limit: '24G',
          extra_resource_limits: { 'nvidia.com/gpu': 1 },
        },
        profile_options: {
          gpus: {
            display_name: 'GPUs',
            choices: {
              one: { display_name: '1 × T4', default: true },
              two: {
                display_name: '2 × T4',
                kubespawner_override: {
                  extra_resource_limits: { 'nvidia.com/gpu': 2 },
                },
              },
            },
          },
        },
      },
    ];
    const { store, sessions } = recordingStore();
    await seedDemoUsage(store, { now: NOW, profiles });
    const small = [...sessions.values()].filter(s => s.profile === 'small');
    expect(small.length).toBeGreaterThan(0);
    expect(small.every(s => s.cpu === 1 && s.memoryGiB === 2)).toBe(true);
    const gpu = [...sessions.values()].filter(s => s.profile === 'gpu');
    expect(gpu.every(s => s.cpu === 6 && s.memoryGiB === 24)).toBe(true);
    expect(new Set(gpu.map(s => s.gpu))).toEqual(new Set([1, 2]));
    // Profiles that are not configured keep the demo's own resources.
    expect([...sessions.values()].find(s => s.profile === 'medium')?.cpu).toBe(
      4,
    );
  });

  it('adds later only the sessions that ended since the last run', async () => {
    const { store, sessions } = recordingStore();
    await seedDemoUsage(store, { now: NOW });
    const first = new Map(sessions);

    expect((await seedDemoUsage(store, { now: NOW })).added).toBe(0);

    const later = new Date(NOW.getTime() + 3 * 86_400_000);
    const { added } = await seedDemoUsage(store, { now: later });
    expect(added).toBeGreaterThan(0);
    expect(sessions.size).toBe(first.size + added);
    // What was there is unchanged.
    for (const [id, s] of first) expect(sessions.get(id)).toEqual(s);
    // And it is what a fresh seeding up to that time would give for those days.
    const fresh = recordingStore();
    await fresh.store.setState('demo.epoch', '2026-08-02T00:00:00.000Z');
    await seedDemoUsage(fresh.store, { now: later });
    const freshSessions = [...fresh.sessions.values()];
    expect(freshSessions.length).toBeGreaterThan(250);
    for (const s of freshSessions) expect(sessions.get(s.id)).toEqual(s);
  });
});

const databases = storeTestDatabases();

describe.each(databases.eachSupportedId())(
  'seedDemoUsage into DatabaseCostsStore on %p',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      return DatabaseCostsStore.create({ database, prices });
    }

    it('rolls the demo usage up as demo data, and a second run changes nothing', async () => {
      const store = await createStore();
      const { added } = await seedDemoUsage(store, { now: NOW });
      expect(added).toBeGreaterThan(250);

      const query = () =>
        store.queryDaily({
          fromDay: '2026-07-01',
          toDay: '2026-12-01',
          groupBy: 'group',
        });
      const rows = await query();
      expect(rows.length).toBeGreaterThan(100);
      expect(rows.every(r => r.demo)).toBe(true);
      expect(new Set(rows.map(r => r.key))).toEqual(
        new Set(['group:default/team-vision', 'group:default/team-genomics']),
      );
      const total = rows.reduce((a, r) => a + r.amountMicros, 0);
      expect(total).toBeGreaterThan(0);

      // Idle-culled ones show in the idle report.
      const idle = await store.listIdleEndedSessions(
        NOW.getTime() - 130 * 86_400_000,
        NOW.getTime(),
      );
      expect(idle.some(s => /min idle$/.test(s.endReason ?? ''))).toBe(true);
      expect(idle.every(s => s.demo)).toBe(true);

      expect((await seedDemoUsage(store, { now: NOW })).added).toBe(0);
      const again = await query();
      expect(again).toEqual(rows);
    });
  },
);
