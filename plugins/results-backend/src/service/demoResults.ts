import type { LoggerService } from '@backstage/backend-plugin-api';
import { summarizeNotebook, type Notebook } from '@internal/plugin-results-common';
import { createHash } from 'node:crypto';
import type { ResultsStore } from '../database/ResultsStore';
import type { ResultsGit } from './resultsGit';

/**
 * The demo's results, at fixed ids so that the browser suites (the permission matrix)
 * can name them: Ada's report shared with her team, and Grace's analysis that
 * team-genomics shares with team-vision (a read across teams).
 */
export const DEMO_RESULTS = [
  {
    id: '00000000-0000-4000-8000-0000000d0001',
    title: 'Cats vs dogs: first model',
    author: 'ada',
    team: 'team-vision',
    project: 'component:default/cats-vs-dogs',
    visibility: 'team' as const,
    sharedWith: [] as string[],
  },
  {
    id: '00000000-0000-4000-8000-0000000d0002',
    title: 'Genome assembly quality',
    author: 'grace',
    team: 'team-genomics',
    project: 'component:default/genome-assembly',
    visibility: 'named' as const,
    sharedWith: ['group:default/team-vision'],
  },
];

function demoNotebook(title: string): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    cells: [
      { id: 'title', cell_type: 'markdown', metadata: {}, source: `# ${title}\n\nWhat we found, with $p < 0.05$.` },
      {
        id: 'summary',
        cell_type: 'code',
        metadata: {},
        execution_count: 1,
        source: 'import pandas as pd\ndf = pd.DataFrame({"run": [1, 2, 3], "score": [0.71, 0.78, 0.83]})\ndf',
        outputs: [
          {
            output_type: 'execute_result',
            execution_count: 1,
            metadata: {},
            data: { 'text/plain': '   run  score\n0    1   0.71\n1    2   0.78\n2    3   0.83' },
          },
        ],
      },
    ],
  };
}

/** Seeds the demo results into an empty store (`results.demoData.enabled`). */
export async function seedDemoResults(options: {
  store: ResultsStore;
  git: ResultsGit;
  logger: LoggerService;
}): Promise<void> {
  const { store, git, logger } = options;
  for (const demo of DEMO_RESULTS) {
    if (await store.getResult(demo.id)) continue;
    const notebook = demoNotebook(demo.title);
    const content = JSON.stringify(notebook, null, 1);
    const repo = git.repositories.repository(demo.team, `${demo.project.split('/')[1]}-results`);
    const notebookPath = `results/${demo.id}/report.ipynb`;
    const commit = await git.commitFile({
      repo,
      filepath: notebookPath,
      content: Buffer.from(content),
      message: `${demo.title} v1: demo result\n\nAtrium-Result: ${demo.id}`,
      author: { name: demo.author, email: `${demo.author}@users.atrium.invalid` },
    });
    const createdAt = new Date().toISOString();
    await store.createResult(
      {
        id: demo.id,
        title: demo.title,
        projectRef: demo.project,
        ownerTeamRef: `group:default/${demo.team}`,
        authorRef: `user:default/${demo.author}`,
        visibility: demo.visibility,
        sharedWith: demo.sharedWith,
        notebookPath,
        repository: `${repo.owner}/${repo.name}`,
        createdAt,
      },
      {
        resultId: demo.id,
        version: 1,
        message: 'demo result',
        authorRef: `user:default/${demo.author}`,
        createdAt,
        commit,
        contentHash: createHash('sha256').update(content).digest('hex'),
        sizeBytes: Buffer.byteLength(content),
        cellCount: notebook.cells.length,
        sourcePath: 'report.ipynb',
        provenance: {
          workspaceId: 'demo',
          workspaceName: 'demo',
          environmentRef: null,
          environmentVersion: null,
          profile: 'small',
          options: {},
          codeCommit: null,
        },
        summary: summarizeNotebook(notebook),
      },
    );
    logger.info(`Seeded the demo result '${demo.title}' (${demo.id})`);
  }
}
