import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { mockApis } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { renderSettled } from '@internal/frontend-kit/testUtils';
import { workspacesApiRef } from '@internal/plugin-workspaces-react';
import { resultsApiRef } from '../api';
import { mockResultsApi, result, version } from '../__testUtils__/fixtures';
import { ResultsPage } from './ResultsPage';

jest.setTimeout(30_000);

const workspace = (id: string, name: string, status: string) => ({
  id,
  name,
  status,
  owner: 'user:default/ada',
  hubUser: 'ada',
  profile: 'small',
  options: {},
  resources: {},
});

async function renderPublish(api: ReturnType<typeof mockResultsApi>) {
  const workspacesApi = {
    listWorkspaces: jest.fn(async () => [
      workspace('w1', 'lab', 'running'),
      workspace('w2', 'old-lab', 'stopped'),
    ]),
  };
  await renderSettled(<ResultsPage />, {
    mountPath: '/results/*',
    initialRouteEntries: ['/results/publish?workspace=w1'],
    apis: [
      [resultsApiRef, api],
      [workspacesApiRef, workspacesApi as any],
      mockApis.identity({ userEntityRef: 'user:default/ada' }),
    ],
  });
}

const conflict = async () =>
  ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'ConflictError', message: 'Workspace lab is stopped' },
        response: { statusCode: 409 },
      }),
      { status: 409, headers: { 'Content-Type': 'application/json' } },
    ) as any,
  );

describe('PublishPage', () => {
  it('publishes a notebook of the preselected workspace as a new result', async () => {
    const api = mockResultsApi({
      listWorkspaceNotebooks: jest.fn(async () => [
        {
          path: 'analysis.ipynb',
          name: 'analysis.ipynb',
          lastModified: null,
          sizeBytes: 2048,
        },
      ]),
      listResults: jest.fn(async () => ({ items: [], totalCount: 0 })),
      publish: jest.fn(async () => ({
        result: result(),
        version: version(1, 'first'),
        created: true,
      })),
      getResult: jest.fn(async () => result()),
      listVersions: jest.fn(async () => [version(1, 'first')]),
      getNotebook: jest.fn(
        async () =>
          ({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] } as any),
      ),
      listReviews: jest.fn(async () => []),
      listComments: jest.fn(async () => []),
    });
    await renderPublish(api);
    expect(api.listWorkspaceNotebooks).toHaveBeenCalledWith('w1');
    fireEvent.click(await screen.findByLabelText('analysis.ipynb · 2.0 KB'));
    fireEvent.change(screen.getByLabelText('Title'), {
      target: { value: 'Churn' },
    });
    const publish = screen.getByRole('button', { name: 'Publish' });
    expect(publish).toBeDisabled(); // no message yet
    fireEvent.change(screen.getByLabelText(/^Message/), {
      target: { value: 'first look' },
    });
    fireEvent.click(publish);
    await waitFor(() =>
      expect(api.publish).toHaveBeenCalledWith({
        workspaceId: 'w1',
        path: 'analysis.ipynb',
        message: 'first look',
        title: 'Churn',
        visibility: 'private',
      }),
    );
    expect(await screen.findByText('Published version 1.')).toBeInTheDocument();
  });

  it('says what to do when the backend refuses', async () => {
    const api = mockResultsApi({
      listWorkspaceNotebooks: jest.fn(async () => [
        {
          path: 'a.ipynb',
          name: 'a.ipynb',
          lastModified: null,
          sizeBytes: null,
        },
      ]),
      listResults: jest.fn(async () => ({ items: [], totalCount: 0 })),
      publish: jest.fn(async () => {
        throw await conflict();
      }),
    });
    await renderPublish(api);
    fireEvent.click(await screen.findByLabelText('a.ipynb'));
    fireEvent.change(screen.getByLabelText(/^Message/), {
      target: { value: 'x' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    const alert = await screen.findByRole('alert');
    expect(
      within(alert).getByText(/Workspace lab is stopped/),
    ).toBeInTheDocument();
    expect(within(alert).getByText(/Start the workspace/)).toBeInTheDocument();
  });
});
