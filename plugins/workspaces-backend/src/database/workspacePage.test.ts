import { mockServices } from '@backstage/backend-test-utils';
import { storeTestDatabases } from '@internal/test-utils';
import { DatabaseWorkspacesStore } from './DatabaseWorkspacesStore';
import type { WorkspacePageQuery } from './workspacePage';

jest.setTimeout(60_000);

const databases = storeTestDatabases();

const base: WorkspacePageQuery = {
  sort: 'owner',
  order: 'asc',
  offset: 0,
  limit: 50,
};

/** 30 workspaces of 3 people; every third running, the ada ones on the gpu profile. */
async function seeded(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const database = mockServices.database({ knex, migrations: { skip: false } });
  const store = await DatabaseWorkspacesStore.create({ database });
  const people = ['ada', 'grace', 'linus'];
  for (let i = 0; i < 30; i++) {
    const person = people[i % 3];
    const w = await store.createWorkspace(
      {
        owner: `user:default/${person}`,
        hubUser: person,
        name: `ws-${String(i).padStart(2, '0')}${i === 7 ? '_50%' : ''}`,
        profile: person === 'ada' ? 'gpu' : 'small',
        options: {},
        resources: { cpu: 1, memoryGiB: 2, gpu: 0 },
        ...(i < 10 ? { project: 'component:default/cats-vs-dogs' } : {}),
      },
      'user:default/test',
    );
    await store.updateWorkspace(w.id, {
      ...(i % 3 === 0 ? { status: 'running' as const } : {}),
      // Workspaces 0..19 were active, minute i; 20..29 never.
      ...(i < 20
        ? { lastActivity: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() }
        : {}),
    });
  }
  return store;
}

describe.each(databases.eachSupportedId())(
  'workspaces pages on %p',
  databaseId => {
    it('pages in a stable order and counts all pages', async () => {
      const store = await seeded(databaseId);
      const seen: string[] = [];
      for (let offset = 0; offset < 30; offset += 7) {
        const page = await store.pageWorkspaces({ ...base, offset, limit: 7 });
        expect(page.total).toBe(30);
        seen.push(...page.items.map(w => `${w.owner} ${w.name}`));
      }
      expect(seen).toHaveLength(30);
      // Owner, then name: the full list's order.
      expect(seen).toEqual([...seen].sort());
      expect(seen[0]).toBe('user:default/ada ws-00');
    });

    it('sorts by last activity either way, never-active last', async () => {
      const store = await seeded(databaseId);
      const desc = await store.pageWorkspaces({
        ...base,
        sort: 'lastActivity',
        order: 'desc',
      });
      expect(desc.items[0].name).toBe('ws-19');
      expect(desc.items[19].name).toBe('ws-00');
      expect(desc.items.slice(20).every(w => !w.lastActivity)).toBe(true);
      const asc = await store.pageWorkspaces({
        ...base,
        sort: 'lastActivity',
        order: 'asc',
        limit: 3,
      });
      expect(asc.items.map(w => w.name)).toEqual(['ws-00', 'ws-01', 'ws-02']);
    });

    it('filters by owner, status, profile and project in SQL', async () => {
      const store = await seeded(databaseId);
      const running = await store.pageWorkspaces({
        ...base,
        statuses: ['running'],
      });
      expect(running.total).toBe(10);
      expect(running.items.every(w => w.status === 'running')).toBe(true);
      const adaGpu = await store.pageWorkspaces({
        ...base,
        owner: 'user:default/ada',
        profile: 'gpu',
        statuses: ['running', 'stopped'],
      });
      expect(adaGpu.total).toBe(10);
      const project = await store.pageWorkspaces({
        ...base,
        project: 'component:default/cats-vs-dogs',
        profile: 'small',
      });
      expect(project.total).toBe(6);
      const none = await store.pageWorkspaces({ ...base, profile: 'huge' });
      expect(none).toEqual({ items: [], total: 0 });
    });

    it('searches text case-insensitively, with % and _ taken literally', async () => {
      const store = await seeded(databaseId);
      const grace = await store.pageWorkspaces({ ...base, search: 'GRACE' });
      expect(grace.total).toBe(10);
      const cats = await store.pageWorkspaces({ ...base, search: 'Cats-VS' });
      expect(cats.total).toBe(10);
      const literal = await store.pageWorkspaces({ ...base, search: '_50%' });
      expect(literal.items.map(w => w.name)).toEqual(['ws-07_50%']);
      const column = await store.pageWorkspaces({
        ...base,
        contains: { name: 'ws-1', owner: 'lin' },
      });
      expect(column.items.map(w => w.name)).toEqual([
        'ws-11',
        'ws-14',
        'ws-17',
      ]);
    });
  },
);
