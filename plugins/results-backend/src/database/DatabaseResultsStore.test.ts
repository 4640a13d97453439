import { storeTestDatabases } from '@internal/test-utils';
import type { ResultsFilter, StoredVersion } from './ResultsStore';
import { DatabaseResultsStore } from './DatabaseResultsStore';
import type { ResultSortField, ResultVisibility, ReviewState } from '@internal/plugin-results-common';

jest.setTimeout(120_000);

const databases = storeTestDatabases();

async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const store = await DatabaseResultsStore.create({
    database: { getClient: async () => knex },
  });
  return { knex, store };
}

function version(resultId: string, n: number, hash = `h${n}`): StoredVersion {
  return {
    resultId,
    version: n,
    message: `v${n}`,
    authorRef: 'user:default/ada',
    createdAt: `2026-12-04T10:00:0${n}.000Z`,
    commit: 'a'.repeat(40),
    contentHash: hash,
    sizeBytes: 1234,
    cellCount: 2,
    sourcePath: 'work/analysis.ipynb',
    provenance: {
      workspaceId: 'w1',
      workspaceName: 'ws',
      environmentRef: null,
      environmentVersion: null,
      profile: 'small',
      options: {},
      codeCommit: null,
    },
    summary: { metadataHash: 'm', cells: [] },
  };
}

async function add(
  store: DatabaseResultsStore,
  id: string,
  author: string,
  visibility: ResultVisibility,
  extra: { team?: string; sharedWith?: string[] } = {},
) {
  return store.createResult(
    {
      id,
      title: id,
      projectRef: extra.team ? 'component:default/cats' : null,
      ownerTeamRef: extra.team ?? null,
      authorRef: author,
      visibility,
      sharedWith: extra.sharedWith ?? [],
      notebookPath: `results/${id}.ipynb`,
      repository: 'team-a/cats',
      createdAt: '2026-12-04T10:00:00.000Z',
    },
    version(id, 1),
  );
}

describe('DatabaseResultsStore', () => {
  it.each(databases.eachSupportedId())(
    'filters the visible results in SQL by visibility (%p)',
    async databaseId => {
      const { store } = await createStore(databaseId);
      await add(store, 'private-ada', 'user:default/ada', 'private');
      await add(store, 'team-a', 'user:default/ada', 'team', { team: 'group:default/team-a' });
      await add(store, 'named-grace', 'user:default/ada', 'named', { sharedWith: ['User:default/Grace'] });
      await add(store, 'named-team-b', 'user:default/ada', 'named', { sharedWith: ['group:default/team-b'] });
      await add(store, 'everyone', 'user:default/linus', 'everyone');

      const visibleTo = async (claims: string[]) =>
        (
          await store.listResults({ filter: { kind: 'visible', claims }, limit: 100, offset: 0 })
        ).items
          .map(r => r.id)
          .sort();

      expect(await visibleTo(['user:default/ada'])).toEqual(
        ['everyone', 'named-grace', 'named-team-b', 'private-ada', 'team-a'],
      );
      expect(await visibleTo(['user:default/grace', 'group:default/team-a'])).toEqual(
        ['everyone', 'named-grace', 'team-a'],
      );
      expect(await visibleTo(['user:default/margaret', 'group:default/team-b'])).toEqual(
        ['everyone', 'named-team-b'],
      );
      expect(await visibleTo(['user:default/nobody'])).toEqual(['everyone']);

      // Criteria trees: anyOf / allOf / not
      const own = await store.listResults({
        filter: { allOf: [{ kind: 'visible', claims: ['user:default/ada'] }, { not: { kind: 'author', claims: ['user:default/ada'] } }] },
        limit: 100,
        offset: 0,
      });
      expect(own.items.map(r => r.id)).toEqual(['everyone']);
      const none = await store.listResults({ filter: { anyOf: [] } as unknown as ResultsFilter, limit: 100, offset: 0 });
      expect(none.totalCount).toBe(0);

      const page = await store.listResults({ limit: 2, offset: 0 });
      expect(page.items).toHaveLength(2);
      expect(page.totalCount).toBe(5);
      const named = await store.getResult('named-grace');
      expect(named?.sharedWith).toEqual(['user:default/grace']);
    },
  );

  it.each(databases.eachSupportedId())(
    'sorts by each column and filters by each field in SQL, wildcards taken literally (%p)',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      const rows: Array<[string, string, string, string | null, ResultVisibility, ReviewState, number, string]> = [
        // id, title, author, project, visibility, review, latest version, updated
        ['r1', 'Cats 100%', 'ada', 'cats', 'team', 'approved', 3, '2026-12-04T10:00:03.000Z'],
        ['r2', 'cats_model', 'grace', null, 'everyone', 'none', 1, '2026-12-04T10:00:01.000Z'],
        ['r3', 'Apple study', 'alan', 'Dogs', 'named', 'requested', 2, '2026-12-04T10:00:04.000Z'],
        ['r4', 'zebra', 'ada', null, 'private', 'changes-requested', 1, '2026-12-04T10:00:02.000Z'],
        ['r5', 'catsxmodel 1000', 'linus', 'birds', 'everyone', 'none', 2, '2026-12-04T10:00:01.000Z'],
      ];
      for (const [id, title, author, project, visibility, review, latest, updated] of rows) {
        await store.createResult(
          {
            id,
            title,
            projectRef: project && `component:default/${project}`,
            ownerTeamRef: project && 'group:default/team-a',
            authorRef: `user:default/${author}`,
            visibility,
            sharedWith: [],
            notebookPath: `results/${id}.ipynb`,
            repository: 'team-a/cats',
            createdAt: updated,
          },
          version(id, latest),
        );
        await knex('results').where({ id }).update({ review_state: review });
      }
      const ids = async (options: Partial<Parameters<typeof store.listResults>[0]>) =>
        (await store.listResults({ limit: 100, offset: 0, ...options })).items.map(r => r.id);

      // Default: newest first, the id breaking the tie of r2 and r5.
      expect(await ids({})).toEqual(['r3', 'r1', 'r4', 'r5', 'r2']);
      const ascending: Record<ResultSortField, string[]> = {
        title: ['r3', 'r1', 'r2', 'r5', 'r4'],
        updatedAt: ['r2', 'r5', 'r4', 'r1', 'r3'],
        latestVersion: ['r2', 'r4', 'r3', 'r5', 'r1'],
        visibility: ['r2', 'r5', 'r3', 'r4', 'r1'],
        reviewState: ['r1', 'r4', 'r2', 'r5', 'r3'],
        author: ['r1', 'r4', 'r3', 'r2', 'r5'],
        // Personal results (no project) last either way.
        project: ['r5', 'r1', 'r3', 'r2', 'r4'],
      };
      for (const [sort, expected] of Object.entries(ascending)) {
        expect([sort, await ids({ sort: sort as ResultSortField, order: 'asc' })]).toEqual([sort, expected]);
      }
      expect(await ids({ sort: 'project', order: 'desc' })).toEqual(['r3', 'r1', 'r5', 'r4', 'r2']);
      expect(await ids({ sort: 'title', order: 'desc' })).toEqual(['r4', 'r5', 'r2', 'r1', 'r3']);

      // Text filters ignore case; % and _ match only themselves.
      expect(await ids({ titleContains: 'CATS', sort: 'title', order: 'asc' })).toEqual(['r1', 'r2', 'r5']);
      expect(await ids({ titleContains: '100%' })).toEqual(['r1']);
      expect(await ids({ titleContains: 's_m' })).toEqual(['r2']);
      expect(await ids({ titleContains: '\\' })).toEqual([]);
      expect(await ids({ search: 'Cat', sort: 'title', order: 'asc' })).toEqual(['r1', 'r2', 'r5']);
      expect(await ids({ authorContains: 'GRA' })).toEqual(['r2']);
      expect(await ids({ projectContains: 'dOG' })).toEqual(['r3']);
      expect(await ids({ visibility: ['team', 'private'] })).toEqual(['r1', 'r4']);
      expect(await ids({ reviewState: ['requested', 'approved'] })).toEqual(['r3', 'r1']);
      expect(await ids({ visibility: [], reviewState: [] })).toHaveLength(5);

      // With the permission's filter, the total counts what the filters select.
      const page = await store.listResults({
        filter: { kind: 'visible', claims: ['user:default/ada'] },
        visibility: ['everyone', 'private'],
        sort: 'updatedAt',
        order: 'desc',
        limit: 2,
        offset: 1,
      });
      expect(page.items.map(r => r.id)).toEqual(['r5', 'r2']);
      expect(page.totalCount).toBe(3);
    },
  );

  it.each(databases.eachSupportedId())(
    'pages every result in id order with its latest version for search (%p)',
    async databaseId => {
      const { store } = await createStore(databaseId);
      for (const id of ['c', 'a', 'd', 'b', 'e']) {
        await add(store, id, 'user:default/ada', id === 'b' ? 'named' : 'private', {
          sharedWith: id === 'b' ? ['group:default/team-b'] : [],
        });
      }
      const second = { ...version('c', 2), message: 'second look', summary: { metadataHash: 'm', cells: [{ id: null, cellType: 'markdown', source: '# Why', outputHashes: [], metadataHash: 'x' }] } };
      await store.addVersion(second);

      const first = await store.listSearchable({ limit: 2 });
      expect(first.map(s => s.result.id)).toEqual(['a', 'b']);
      expect(first[1].result.sharedWith).toEqual(['group:default/team-b']);
      const rest = await store.listSearchable({ after: 'b', limit: 10 });
      expect(rest.map(s => s.result.id)).toEqual(['c', 'd', 'e']);
      // c's latest version (2), not its first
      expect(rest[0].latestMessage).toBe('second look');
      expect(rest[0].latestSummary.cells[0].source).toBe('# Why');
      expect(rest[1].latestMessage).toBe('v1');
      expect(await store.listSearchable({ after: 'e', limit: 10 })).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'numbers versions without gaps and refuses a second version n (%p)',
    async databaseId => {
      const { store } = await createStore(databaseId);
      await add(store, 'r', 'user:default/ada', 'private');
      expect((await store.addVersion(version('r', 2)))?.latestVersion).toBe(2);
      expect(await store.addVersion(version('r', 2, 'other'))).toBeUndefined();
      expect((await store.listVersions('r')).map(v => v.version)).toEqual([2, 1]);
      const v1 = await store.getVersion('r', 1);
      expect(v1?.summary).toEqual({ metadataHash: 'm', cells: [] });
      expect(v1?.provenance.profile).toBe('small');
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps shares, comments and reviews, and the review state on the result (%p)',
    async databaseId => {
      const { store } = await createStore(databaseId);
      await add(store, 'r', 'user:default/ada', 'private');
      const shared = await store.setVisibility('r', 'named', ['user:default/grace', 'user:default/grace'], '2026-12-04T11:00:00.000Z');
      expect(shared?.sharedWith).toEqual(['user:default/grace']);
      const team = await store.setVisibility('r', 'team', ['user:default/grace'], '2026-12-04T11:00:01.000Z');
      expect(team?.sharedWith).toEqual([]);

      await store.addComment({ id: 'c1', resultId: 'r', version: 1, cellId: 'cell-1', authorRef: 'user:default/grace', body: 'why?', createdAt: '2026-12-04T11:00:02.000Z' });
      expect(await store.listComments('r', 1)).toMatchObject([{ id: 'c1', cellId: 'cell-1' }]);
      expect(await store.listComments('r', 2)).toEqual([]);

      await store.addReview({ id: 'rv1', resultId: 'r', version: 1, requestedBy: 'user:default/ada', reviewerRef: 'user:default/grace', message: 'please', state: 'requested', note: null, createdAt: '2026-12-04T11:00:03.000Z', decidedAt: null });
      expect((await store.getResult('r'))?.reviewState).toBe('requested');
      const decided = await store.decideReview('r', 'rv1', 'changes-requested', 'fix axis', '2026-12-04T11:00:04.000Z');
      expect(decided).toMatchObject({ state: 'changes-requested', note: 'fix axis' });
      expect(await store.decideReview('r', 'rv1', 'approved', null, '2026-12-04T11:00:05.000Z')).toBeUndefined();
      expect((await store.getResult('r'))?.reviewState).toBe('changes-requested');

      expect(await store.deleteResult('r')).toBe(true);
      expect(await store.getResult('r')).toBeUndefined();
      expect(await store.listReviews('r')).toEqual([]);
      expect(await store.deleteResult('r')).toBe(false);
    },
  );
});
