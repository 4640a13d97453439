import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  coreServices,
  createBackendModule,
  type SchedulerService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import searchBackend from '@backstage/plugin-search-backend';
import {
  asUser,
  atriumTestBackendFeatures,
} from '@internal/backend-test-features';
import { RESULTS_SEARCH_TYPE } from '@internal/plugin-results-common';
// The collator reads the real results backend, as production runs them side by side.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import resultsBackend from '@internal/plugin-results-backend';
import { onBehalfOfAuthFactory } from '@internal/test-utils';
import request from 'supertest';
import searchModuleResultsCollator from '.';

jest.setTimeout(120_000);

// The demo results: R1 is Ada's, shared with her team (team-vision); R2 is Grace's,
// shared by name with team-vision. Linus is in no team.
const GROUPS = {
  'user:default/ada': ['group:default/team-vision'],
  'user:default/alan': ['group:default/team-vision'],
  'user:default/grace': ['group:default/team-genomics'],
  'user:default/linus': [],
};
const R1 = '00000000-0000-4000-8000-0000000d0001';
const R2 = '00000000-0000-4000-8000-0000000d0002';

describe('search module: Atrium results', () => {
  let gitRoot: string;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  // Backstage's mock scheduler runs nothing by itself here: the test triggers the
  // collation once the backend serves (the collator reads the results backend over HTTP).
  let scheduler: SchedulerService;
  const captureScheduler = createBackendModule({
    pluginId: 'search',
    moduleId: 'test-scheduler',
    register(env) {
      env.registerInit({
        deps: { taskScheduler: coreServices.scheduler },
        async init({ taskScheduler }) {
          scheduler = taskScheduler;
        },
      });
    },
  });

  beforeAll(async () => {
    gitRoot = await mkdtemp(join(tmpdir(), 'atrium-results-search-'));
    ({ server } = await startTestBackend({
      features: [
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        captureScheduler,
        searchBackend,
        searchModuleResultsCollator,
        resultsBackend,
        catalogServiceMock.factory({ entities: [] }),
        // The search backend asks the permission backend per hit; the permission
        // backend applies the results rules through the results backend, on behalf of
        // the search plugin, as in production.
        onBehalfOfAuthFactory,
        ...atriumTestBackendFeatures({
          groups: GROUPS,
          config: {
            app: { baseUrl: 'http://localhost:3000' },
            atrium: { scaffolder: { localGit: { root: gitRoot } } },
            results: { demoData: { enabled: true } },
          },
        }),
      ],
    }));
    const tasks = await scheduler.getScheduledTasks();
    const collation = tasks.find(t => t.id === `search_index_${RESULTS_SEARCH_TYPE.replace('-', '_')}`);
    if (!collation) {
      throw new Error(`no results collation task among ${tasks.map(t => t.id)}`);
    }
    await scheduler.triggerTask(collation.id);
  });

  afterAll(async () => {
    await rm(gitRoot, { recursive: true, force: true });
  });

  const search = (who: string, term: string) =>
    request(server)
      .get('/api/search/query')
      .query({ term, types: [RESULTS_SEARCH_TYPE] })
      .set('authorization', asUser(who));

  /** Hits once the collator's first run has been indexed (it starts at boot). */
  async function hits(who: string, term: string): Promise<string[]> {
    const res = await search(who, term);
    expect(res.status).toBe(200);
    return res.body.results.map(
      (r: { type: string; document: { resultId: string } }) => {
        expect(r.type).toBe(RESULTS_SEARCH_TYPE);
        return r.document.resultId;
      },
    );
  }

  it('finds results by their markdown, only for those who may read them', async () => {
    // Indexing ends after the triggered task returns: until then the search backend
    // answers MissingIndexError for the type.
    for (let i = 0; i < 120; i++) {
      const res = await search('grace', 'genome');
      if (res.status === 200 && res.body.results.length) break;
      await new Promise(resolve => setTimeout(resolve, 250));
    }
    expect(await hits('grace', 'genome')).toEqual([R2]);

    // Ada's team result: her teammate finds it, Grace (another team) does not.
    expect(await hits('alan', 'cats')).toEqual([R1]);
    expect(await hits('grace', 'cats')).toEqual([]);
    // Grace's result is shared by name with team-vision: Ada finds it.
    expect(await hits('ada', 'genome')).toEqual([R2]);
    // Linus sees neither.
    expect(await hits('linus', 'genome')).toEqual([]);
    expect(await hits('linus', 'cats')).toEqual([]);

    const res = await search('ada', 'genome');
    expect(res.body.results[0].document).toMatchObject({
      title: 'Genome assembly quality',
      location: `/results/${R2}`,
      authorRef: 'user:default/grace',
    });
    // The commit trailer is not indexed text.
    expect(res.body.results[0].document.text).not.toContain('Atrium-Result');
  });

  it('refuses the documents route to people and to other plugins', async () => {
    const asPerson = await request(server)
      .get('/api/results/search-documents')
      .set('authorization', asUser('ada'));
    expect(asPerson.status).toBe(403);
    expect(asPerson.body.error.message).toMatch(/backend services only \(the search plugin\)/);
    const badLimit = await request(server)
      .get('/api/results/search-documents?limit=100000')
      .set('authorization', asUser('ada'));
    expect(badLimit.status).toBe(403);
  });
});
