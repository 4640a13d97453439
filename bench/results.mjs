#!/usr/bin/env node
// Benchmark: results (#13), in one run, each against a baseline measured in the same run.
//   1. diff of two versions of a 2,000-cell notebook with 20 MB of outputs, as the diff
//      route answers it (two stored version summaries read, then the cell diff), p95;
//      baseline: parse both whole notebooks and diff them (what a route without the
//      summaries stored at publish time would do).
//   2. publish of a 10 MB notebook (validate, hash, summarise, git commit, store), the
//      publisher without the HTTP read from the workspace; target < 2 s.
//   3. the results a person may see among 50,000 with mixed visibility (private, team,
//      named people and groups, everyone), one page of 50 filtered in SQL (the list
//      route), p95; baseline: load every result with its shares and filter in JS.
//
//   node bench/results.mjs                      full: 2,000 cells / 20 MB, 50,000 results
//   ATRIUM_BENCH_SCALE=smoke node bench/...     quick: 200 cells / 2 MB, 5,000 results
//   ATRIUM_BENCH_ENGINES=sqlite                 one engine only (sqlite, postgres)
// PostgreSQL: BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING or the local server;
// a fresh database is created and dropped.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  openBenchDatabase,
  require,
  rerunUnderTransform,
  root,
  runs as timedRuns,
  time,
} from './lib.mjs';

// The plugin is TypeScript: run again under Backstage's node transform.
rerunUnderTransform(import.meta.url, ['--max-old-space-size=4096']);

const smoke = process.env.ATRIUM_BENCH_SCALE === 'smoke';
const CELLS = smoke ? 200 : 2000;
const OUTPUT_BYTES = smoke ? 2e6 : 20e6;
const RESULTS = smoke ? 5000 : 50_000;
const PUBLISH_BYTES = smoke ? 1e6 : 10e6;
const RUNS = 20;
const ENGINES = (process.env.ATRIUM_BENCH_ENGINES ?? 'sqlite,postgres').split(
  ',',
);

const backend = join(root, 'plugins/results-backend/src');
const { DatabaseResultsStore } = require(join(
  backend,
  'database/DatabaseResultsStore.ts',
));
const { resultMatches } = require(join(backend, 'database/resultsFilter.ts'));
const { NotebookPublisher } = require(join(backend, 'service/Publisher.ts'));
const { ResultsGit } = require(join(backend, 'service/resultsGit.ts'));
const { diffNotebooks, summarizeNotebook } = require(join(
  root,
  'plugins/results-common/src/index.ts',
));
const { LocalGitRepositories } = require(join(
  root,
  'packages/local-git/src/index.ts',
));

const ms = x => `${x.toFixed(1)} ms`;
const runs = fn => timedRuns(RUNS, () => fn());

function bigNotebook(cells, outputBytes, edit = () => undefined) {
  const per = Math.floor(outputBytes / cells);
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: Array.from({ length: cells }, (_, k) => {
      const cell = {
        id: `cell-${k}`,
        cell_type: 'code',
        metadata: {},
        execution_count: k,
        source: `result_${k} = model.fit(data[${k}])\nresult_${k}.summary()\n`,
        outputs: [
          {
            output_type: 'stream',
            name: 'stdout',
            text: `${k}:`.padEnd(per, 'x'),
          },
        ],
      };
      edit(cell, k);
      return cell;
    }),
  };
}

const provenance = {
  workspaceId: 'w',
  workspaceName: 'w',
  environmentRef: null,
  environmentVersion: null,
  profile: 'small',
  options: {},
  codeCommit: null,
};

async function bench(engine) {
  const { knex, drop } = await openBenchDatabase(
    engine,
    `results_bench_${process.pid}`,
  );
  const store = await DatabaseResultsStore.create({
    database: { getClient: async () => knex },
  });
  const gitRoot = mkdtempSync(join(tmpdir(), 'results-bench-git-'));
  try {
    // 1. diff
    const v1 = bigNotebook(CELLS, OUTPUT_BYTES);
    const v2 = bigNotebook(CELLS, OUTPUT_BYTES, (cell, k) => {
      if (k % 50 === 0) cell.source += '# tuned\n';
      if (k % 70 === 0)
        cell.outputs[0].text = cell.outputs[0].text.replace('x', 'y');
    });
    const texts = [JSON.stringify(v1), JSON.stringify(v2)];
    const base = {
      resultId: 'bench-diff',
      message: 'v',
      authorRef: 'user:default/ada',
      commit: 'c'.repeat(40),
      contentHash: 'h',
      sizeBytes: texts[0].length,
      cellCount: CELLS,
      sourcePath: 'a.ipynb',
      provenance,
      createdAt: new Date().toISOString(),
    };
    await store.createResult(
      {
        id: 'bench-diff',
        title: 'diff',
        projectRef: null,
        ownerTeamRef: null,
        authorRef: 'user:default/ada',
        visibility: 'private',
        sharedWith: [],
        notebookPath: 'a.ipynb',
        repository: 'personal/ada-results',
        createdAt: base.createdAt,
      },
      { ...base, version: 1, summary: summarizeNotebook(v1) },
    );
    await store.addVersion({
      ...base,
      version: 2,
      summary: summarizeNotebook(v2),
    });
    let cellsChanged = 0;
    const route = await runs(async () => {
      const [a, b] = await Promise.all([
        store.getVersion('bench-diff', 1),
        store.getVersion('bench-diff', 2),
      ]);
      cellsChanged = diffNotebooks(a.summary, b.summary).summary.changed;
    });
    const naive = await runs(async () => {
      diffNotebooks(JSON.parse(texts[0]), JSON.parse(texts[1]));
    });
    console.log(
      `[${engine}] diff ${CELLS} cells, ${(texts[0].length / 1e6).toFixed(
        0,
      )} MB: route p50 ${ms(route.p50)} p95 ${ms(
        route.p95,
      )} (target < 300 ms) | baseline parse+diff p95 ${ms(naive.p95)} | ${(
        naive.p95 / route.p95
      ).toFixed(1)}x | ${cellsChanged} cells changed`,
    );

    // 2. publish
    const big = JSON.stringify(
      bigNotebook(Math.max(10, CELLS / 4), PUBLISH_BYTES),
    );
    const publisher = new NotebookPublisher({
      store,
      git: new ResultsGit(new LocalGitRepositories(gitRoot)),
      catalog: {},
      maxNotebookBytes: 50 * 1024 * 1024,
      files: {
        readNotebook: async () => ({
          workspace: {
            id: 'w',
            name: 'w',
            owner: 'user:default/ada',
            profile: 'small',
            options: {},
          },
          content: big,
          sizeBytes: big.length,
        }),
      },
    });
    const who = { userEntityRef: 'user:default/ada', credentials: {} };
    const publishMs = await time(() =>
      publisher.publish(who, {
        workspaceId: 'w',
        path: 'big.ipynb',
        message: 'bench',
      }),
    );
    console.log(
      `[${engine}] publish of a ${(big.length / 1e6).toFixed(
        0,
      )} MB notebook (validate, hash, summarise, git commit, store): ${ms(
        publishMs,
      )} (target < 2000 ms)`,
    );

    // 3. visible results among RESULTS
    const users = Array.from({ length: 200 }, (_, i) => `user:default/u${i}`);
    const groups = Array.from(
      { length: 20 },
      (_, i) => `group:default/team-${i}`,
    );
    const rows = [];
    const grants = [];
    for (let i = 0; i < RESULTS; i++) {
      const vis = ['private', 'private', 'team', 'named', 'everyone'][i % 5];
      const id = `r-${String(i).padStart(6, '0')}`;
      rows.push({
        id,
        title: `result ${i}`,
        project_ref: `component:default/p${i % 300}`,
        owner_team_ref: groups[i % 20],
        author_ref: users[i % 200],
        visibility: vis,
        notebook_path: 'a.ipynb',
        repository: 'x/y',
        latest_version: 1,
        review_state: 'none',
        created_at: new Date(1.7e12 + i * 1000).toISOString(),
        updated_at: new Date(1.7e12 + i * 1000).toISOString(),
      });
      if (vis === 'named')
        grants.push(
          { result_id: id, subject_ref: users[(i * 7) % 200] },
          { result_id: id, subject_ref: groups[(i * 3) % 20] },
        );
    }
    for (let i = 0; i < rows.length; i += 500)
      await knex('results').insert(rows.slice(i, i + 500));
    for (let i = 0; i < grants.length; i += 500)
      await knex('result_grants').insert(grants.slice(i, i + 500));
    if (engine === 'postgres') await knex.raw('ANALYZE');
    const claims = [users[17], groups[17 % 20]];
    let sqlCount = 0;
    const sql = await runs(async () => {
      const page = await store.listResults({
        filter: { kind: 'visible', claims },
        limit: 50,
        offset: 0,
      });
      sqlCount = page.totalCount;
    });
    let jsCount = 0;
    const js = await runs(async () => {
      const all = await knex('results').select();
      const shares = new Map();
      for (const g of await knex('result_grants').select())
        shares.set(g.result_id, [
          ...(shares.get(g.result_id) ?? []),
          g.subject_ref,
        ]);
      const visible = all
        .map(r => ({
          authorRef: r.author_ref,
          visibility: r.visibility,
          ownerTeamRef: r.owner_team_ref,
          sharedWith: shares.get(r.id) ?? [],
          updatedAt: r.updated_at,
        }))
        .filter(r => resultMatches(r, { kind: 'visible', claims }))
        .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
      jsCount = visible.length;
      visible.slice(0, 50);
    });
    if (jsCount !== sqlCount)
      throw new Error(`SQL filter found ${sqlCount}, JS ${jsCount}`);
    console.log(
      `[${engine}] visible results among ${RESULTS}: SQL p50 ${ms(
        sql.p50,
      )} p95 ${ms(sql.p95)} (target < 150 ms) | baseline JS filter p95 ${ms(
        js.p95,
      )} | ${(js.p95 / sql.p95).toFixed(1)}x | ${sqlCount} visible`,
    );
  } finally {
    rmSync(gitRoot, { recursive: true, force: true });
    await drop();
  }
}

for (const engine of ENGINES) await bench(engine);
