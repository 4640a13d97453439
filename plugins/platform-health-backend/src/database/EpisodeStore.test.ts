import { pluginMigrations, storeTestDatabases } from '@internal/test-utils';
import { EpisodeStore } from './EpisodeStore';

jest.setTimeout(60_000);

const databases = storeTestDatabases();
const { directory, files } = pluginMigrations(
  '@internal/plugin-platform-health-backend',
);

async function storeOn(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  await knex.migrate.latest({ directory });
  return { knex, store: new EpisodeStore(knex) };
}

const down = {
  key: 'status:component:default/conda-store',
  kind: 'status' as const,
  name: 'down',
  componentRef: 'component:default/conda-store',
  severity: 'critical',
  summary: 'no ready replicas',
  labels: {},
};
const alert = {
  key: 'alert:-:[["alertname","ClusterUnreachable"]]',
  kind: 'alert' as const,
  name: 'ClusterUnreachable',
  severity: 'critical',
  labels: { alertname: 'ClusterUnreachable', cluster: 'demo' },
};

describe('platform-health migrations', () => {
  it('are named by timestamp, so that they apply in the order they were written', () => {
    expect(files().length).toBeGreaterThan(0);
    for (const file of files()) expect(file).toMatch(/^\d{14}_[a-z0-9_]+\.js$/);
  });
});

describe.each(databases.eachSupportedId())('EpisodeStore on %p', databaseId => {
  it('migrates an empty database, and a second run changes nothing', async () => {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory });
    const [, applied] = await knex.migrate.latest({ directory });
    expect(applied).toEqual([]);
    expect(await knex.schema.hasTable('platform_health_episodes')).toBe(true);
  });

  it('keeps one open episode per key: a second start is refused until it resolves', async () => {
    const { store } = await storeOn(databaseId);
    expect(await store.start(down, 1_000)).toBe(true);
    expect(await store.start(down, 2_000)).toBe(false);
    expect(await store.start(alert, 2_000)).toBe(true);
    const open = await store.open();
    expect(open.map(e => e.key)).toEqual([down.key, alert.key]);
    expect(open[0]).toMatchObject({
      kind: 'status',
      name: 'down',
      componentRef: 'component:default/conda-store',
      severity: 'critical',
      startedAt: new Date(1_000).toISOString(),
    });
    expect(open[1].labels).toEqual(alert.labels);

    // Notified once: the second claim (another replica, a restart) gets nothing.
    expect(await store.markNotified(down.key, 1_500)).toBe(true);
    expect(await store.markNotified(down.key, 1_600)).toBe(false);
    await store.unmarkNotified(alert.key);
    expect((await store.open())[0].notifiedAt).toBe(
      new Date(1_500).toISOString(),
    );

    expect(await store.resolve([down.key], 3_000)).toBe(1);
    expect((await store.open()).map(e => e.key)).toEqual([alert.key]);
    // A new episode of the same key after the first resolved.
    expect(await store.start(down, 4_000)).toBe(true);
    const all = await store.between({ fromMs: 0, toMs: 10_000, limit: 10 });
    expect(
      all.map(e => [
        e.name,
        e.startedAt,
        e.resolvedAt ?? null,
        e.notifiedAt ?? null,
      ]),
    ).toEqual([
      ['down', new Date(4_000).toISOString(), null, null],
      ['ClusterUnreachable', new Date(2_000).toISOString(), null, null],
      [
        'down',
        new Date(1_000).toISOString(),
        new Date(3_000).toISOString(),
        new Date(1_500).toISOString(),
      ],
    ]);
  });

  it('lists the episodes overlapping a window, of one component when asked, newest first and bounded', async () => {
    const { store } = await storeOn(databaseId);
    await store.start(down, 1_000);
    await store.resolve([down.key], 2_000);
    await store.start(alert, 5_000);
    await store.start(
      {
        ...down,
        key: 'status:component:default/hub',
        componentRef: 'component:default/hub',
      },
      6_000,
    );
    const names = async (o: {
      fromMs: number;
      toMs: number;
      componentRef?: string;
      limit?: number;
    }) =>
      (await store.between({ limit: 10, ...o })).map(
        e => `${e.name}@${Date.parse(e.startedAt)}`,
      );
    // Resolved before the window: left out; still open: in.
    expect(await names({ fromMs: 3_000, toMs: 9_000 })).toEqual([
      'down@6000',
      'ClusterUnreachable@5000',
    ]);
    expect(
      await names({
        fromMs: 1_500,
        toMs: 9_000,
        componentRef: 'component:default/conda-store',
      }),
    ).toEqual(['down@1000']);
    expect(await names({ fromMs: 0, toMs: 5_500 })).toEqual([
      'ClusterUnreachable@5000',
      'down@1000',
    ]);
    expect(await names({ fromMs: 0, toMs: 9_000, limit: 1 })).toEqual([
      'down@6000',
    ]);
    // Many keys resolve in chunks (SQLite's bound-value limit).
    const keys = Array.from({ length: 1200 }, (_, i) => `k${i}`);
    expect(await store.resolve(keys, 9_000)).toBe(0);
  });
});
