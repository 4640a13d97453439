import type { Result, ResultVersion } from '@internal/plugin-results-common';
import type { ResultsApi } from '../api';
import { code, markdown, notebook } from './notebooks';

export const result = (overrides: Partial<Result> = {}): Result => ({
  id: 'r1',
  title: 'Churn analysis',
  projectRef: 'component:default/churn',
  ownerTeamRef: 'group:default/team-vision',
  authorRef: 'user:default/ada',
  visibility: 'team',
  sharedWith: [],
  notebookPath: 'results/r1/analysis.ipynb',
  repository: 'churn',
  latestVersion: 2,
  reviewState: 'none',
  createdAt: '2026-12-01T10:00:00Z',
  updatedAt: '2026-12-02T10:00:00Z',
  ...overrides,
});

export const version = (n: number, message: string): ResultVersion => ({
  resultId: 'r1',
  version: n,
  message,
  authorRef: 'user:default/ada',
  createdAt: `2026-12-0${n}T10:00:00Z`,
  commit: `c0ffee${n}`,
  contentHash: `h${n}`,
  sizeBytes: 2048,
  cellCount: 3,
  sourcePath: 'analysis.ipynb',
  provenance: {
    workspaceId: 'w1',
    workspaceName: 'lab',
    environmentRef: 'resource:default/pandas',
    environmentVersion: '3',
    profile: 'small',
    options: { image: 'cpu' },
    codeCommit: 'abcdef0123456789',
  },
});

export const v1 = notebook([
  markdown('# Churn'),
  code('rate = 0.1\nprint(rate)', [
    { output_type: 'stream', name: 'stdout', text: '0.1\n' },
  ]),
]);

export const v2 = notebook([
  markdown('# Churn'),
  code('rate = 0.2\nprint(rate)', [
    { output_type: 'stream', name: 'stdout', text: '0.2\n' },
  ]),
  markdown('## Conclusion: churn doubled'),
]);

/** A ResultsApi whose every method fails unless the test gives it. */
export function mockResultsApi(
  overrides: Partial<ResultsApi> = {},
): jest.Mocked<ResultsApi> {
  const fail = (name: string) =>
    jest.fn(async () => {
      throw new Error(`${name} not expected in this test`);
    });
  const names: (keyof ResultsApi)[] = [
    'listWorkspaceNotebooks',
    'publish',
    'listResults',
    'getResult',
    'deleteResult',
    'listVersions',
    'getNotebook',
    'getDiff',
    'setVisibility',
    'listComments',
    'addComment',
    'listReviews',
    'requestReview',
    'decideReview',
    'reproduce',
    'copyToWorkspace',
  ];
  return Object.fromEntries(
    names.map(n => [n, overrides[n] ?? fail(n)]),
  ) as unknown as jest.Mocked<ResultsApi>;
}
