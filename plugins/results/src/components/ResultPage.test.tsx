import { fireEvent, screen, within } from '@testing-library/react';
import { mockApis } from '@backstage/frontend-test-utils';
import { renderSettled } from '@internal/frontend-kit/testUtils';
import { diffNotebooks } from '@internal/plugin-results-common';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { workspacesApiRef } from '@internal/plugin-workspaces-react';
import { resultsApiRef } from '../api';
import {
  mockResultsApi,
  result,
  v1,
  v2,
  version,
} from '../__testUtils__/fixtures';
import { ResultsPage } from './ResultsPage';

jest.setTimeout(30_000);

function apiFor() {
  return mockResultsApi({
    getResult: jest.fn(async () => result()),
    listVersions: jest.fn(async () => [
      version(2, 'Doubled the rate'),
      version(1, 'First look'),
    ]),
    getNotebook: jest.fn(
      async (_id: string, n: number) => (n === 1 ? v1 : v2) as any,
    ),
    getDiff: jest.fn(async () => diffNotebooks(v1 as any, v2 as any)),
    listComments: jest.fn(async () => [
      {
        id: 'c1',
        resultId: 'r1',
        version: 2,
        cellId: 'index:1',
        authorRef: 'user:default/grace',
        body: 'Why 0.2?',
        createdAt: '2026-12-03T09:00:00Z',
      },
    ]),
    addComment: jest.fn(async (_id, _v, req) => ({
      id: 'c2',
      resultId: 'r1',
      version: 2,
      cellId: req.cellId ?? null,
      authorRef: 'user:default/ada',
      body: req.body,
      createdAt: '2026-12-03T10:00:00Z',
    })),
    listReviews: jest.fn(async () => []),
    reproduce: jest.fn(async () => ({
      workspaceId: 'w9',
      workspaceName: 'lab-repro',
    })),
    copyToWorkspace: jest.fn(async () => ({
      workspaceId: 'w9',
      path: 'results/churn-v1.ipynb',
    })),
  });
}

/** The workspaces API as a reproduction uses it: the start's progress, then its status. */
function workspacesFor(status: 'running' | 'failed' = 'running') {
  let finishStart: () => void = () => {};
  const api = {
    streamProgress: jest.fn(
      (_id: string, onEvent: (e: { progress: number; message?: string }) => void) => {
        onEvent({ progress: 40, message: 'Server requested' });
        return new Promise<void>(resolve => {
          finishStart = resolve;
        });
      },
    ),
    getWorkspace: jest.fn(async () => ({
      id: 'w9',
      name: 'lab-repro',
      status,
      statusReason: status === 'failed' ? 'spawn timed out' : undefined,
      url: 'http://hub.example/user/ada/lab-repro/',
    })),
  };
  return { api, finishStart: () => finishStart() };
}

async function renderResult(
  api = apiFor(),
  viewer = 'user:default/ada',
  workspaces = workspacesFor().api,
) {
  await renderSettled(<ResultsPage />, {
    mountPath: '/results/*',
    initialRouteEntries: ['/results/r1'],
    apis: [
      [resultsApiRef, api],
      [workspacesApiRef, workspaces as any],
      [catalogApiRef, catalogApiMock({ entities: [] })],
      mockApis.identity({ userEntityRef: viewer }),
    ],
  });
  return api;
}

describe('ResultPage', () => {
  it('shows the latest version as a report, code on request', async () => {
    const api = await renderResult();
    expect(
      await screen.findByRole('heading', { name: 'Conclusion: churn doubled' }),
    ).toBeInTheDocument();
    expect(api.getNotebook).toHaveBeenCalledWith('r1', 2);
    expect(screen.getByText('0.2')).toBeInTheDocument();
    expect(screen.queryByText(/rate = 0.2/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Notebook with code' }));
    expect(await screen.findAllByTestId('cell-source')).toHaveLength(1);
    // The comment names its cell.
    expect(await screen.findByText('Why 0.2?')).toBeInTheDocument();
    expect(screen.getByText(/grace on cell 2/)).toBeInTheDocument();
  });

  it('lists versions with who, when, message and environment, and reproduces one with its notebook', async () => {
    const workspaces = workspacesFor();
    const api = await renderResult(apiFor(), undefined, workspaces.api);
    fireEvent.click(await screen.findByRole('tab', { name: 'Versions (2)' }));
    const row = (await screen.findByText('First look')).closest('tr')!;
    expect(within(row).getByText('ada')).toBeInTheDocument();
    expect(within(row).getByText('2026-12-01 10:00 UTC')).toBeInTheDocument();
    expect(
      within(row).getByText('pandas v3 · small · image=cpu'),
    ).toBeInTheDocument();
    fireEvent.click(
      within(row).getByRole('button', { name: 'Reproduce version 1' }),
    );
    // While the workspace starts: the hub's progress, and no second reproduction.
    expect(
      await screen.findByText(/Starting workspace lab-repro: Server requested/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'Reproducing version 1' }),
    ).toHaveAttribute('aria-valuenow', '40');
    // (the table renders its rows anew: look the button up again)
    expect(
      screen.getByRole('button', { name: 'Reproduce version 1' }),
    ).toBeDisabled();
    expect(api.copyToWorkspace).not.toHaveBeenCalled();
    workspaces.finishStart();
    expect(
      await screen.findByText('results/churn-v1.ipynb'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Open it/ })).toHaveAttribute(
      'href',
      'http://hub.example/user/ada/lab-repro/',
    );
    expect(api.reproduce).toHaveBeenCalledWith('r1', 1);
    expect(api.copyToWorkspace).toHaveBeenCalledWith('r1', 1, 'w9');
  });

  it('says where to look when the reproduced workspace does not start', async () => {
    const workspaces = workspacesFor('failed');
    const api = await renderResult(apiFor(), undefined, workspaces.api);
    fireEvent.click(await screen.findByRole('tab', { name: 'Versions (2)' }));
    const row = (await screen.findByText('First look')).closest('tr')!;
    fireEvent.click(
      within(row).getByRole('button', { name: 'Reproduce version 1' }),
    );
    await screen.findByText(/Starting workspace lab-repro/);
    workspaces.finishStart();
    expect(
      await screen.findByText(
        /did not start \(failed: spawn timed out\)\. Open Diagnose on the Workspaces page/,
      ),
    ).toBeInTheDocument();
    expect(api.copyToWorkspace).not.toHaveBeenCalled();
  });

  it('compares two versions cell by cell', async () => {
    await renderResult();
    fireEvent.click(await screen.findByRole('tab', { name: 'Compare' }));
    expect(
      await screen.findByText(/1 added, 0 removed, 1 changed, 1 unchanged/),
    ).toBeInTheDocument();
    const changed = screen.getByRole('region', { name: 'changed cell 2' });
    expect(within(changed).getByLabelText('removed line')).toHaveTextContent(
      'rate = 0.1',
    );
    expect(within(changed).getByLabelText('added line')).toHaveTextContent(
      'rate = 0.2',
    );
    const added = screen.getByRole('region', { name: 'added cell 3' });
    expect(added).toHaveTextContent('## Conclusion: churn doubled');
    expect(
      screen.getByRole('button', { name: '1 unchanged cell' }),
    ).toBeInTheDocument();
  });

  it('offers Share, new version and Delete to the author only', async () => {
    await renderResult(apiFor(), 'user:default/grace');
    await screen.findByRole('heading', { name: 'Conclusion: churn doubled' });
    expect(screen.queryByRole('button', { name: 'Share' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
  });
});
