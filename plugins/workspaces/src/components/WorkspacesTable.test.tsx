import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { workspacesApiRef } from '@internal/plugin-workspaces-react';
import {
  mockWorkspacesApi,
  responseError,
  workspace,
} from '../__testUtils__/fixtures';
import { WorkspacesTable } from './WorkspacesTable';
import type { WorkspaceList } from './useWorkspaceList';

// A page renders in seconds when CI runs the jest projects side by side on 2 cores.
jest.setTimeout(30_000);

const minutesAgo = (n: number) =>
  new Date(Date.now() - n * 60_000).toISOString();

const running = workspace({
  id: 'w-run',
  name: 'gpu-train',
  profile: 'gpu',
  options: { image: 'pytorch' },
  resources: { cpu: 2, memoryGiB: 8, gpu: 1 },
  project: 'component:default/churn-model',
  status: 'running',
  url: 'https://hub.example.com/user/ada/gpu-train/',
  lastActivity: minutesAgo(5),
});
const stopped = workspace({
  id: 'w-stop',
  name: 'eda',
  status: 'stopped',
  statusReason: 'stopped after 47 min idle',
  lastActivity: minutesAgo(120),
});
const failed = workspace({
  id: 'w-fail',
  name: 'big-join',
  status: 'failed',
  statusReason: 'Image pull failed: manifest unknown',
});

function list(overrides: Partial<WorkspaceList> = {}): WorkspaceList {
  return {
    workspaces: [running, stopped, failed],
    loading: false,
    refresh: jest.fn(),
    ...overrides,
  };
}

const rowOf = (name: string) => screen.getByText(name).closest('tr')!;

describe('WorkspacesTable', () => {
  it('shows each status with its reason, the resources, project and last activity', async () => {
    await renderInTestApp(
      <WorkspacesTable title="My workspaces" list={list()} />,
      {
        apis: [[workspacesApiRef, mockWorkspacesApi()]],
      },
    );

    const runningRow = within(rowOf('gpu-train'));
    expect(runningRow.getByText('running')).toBeInTheDocument();
    expect(runningRow.getByText('2 CPU · 8 GiB · 1 GPU')).toBeInTheDocument();
    expect(runningRow.getByText('churn-model')).toBeInTheDocument();
    expect(runningRow.getByText('5 minutes ago')).toBeInTheDocument();

    const stoppedRow = within(rowOf('eda'));
    expect(stoppedRow.getByText('stopped')).toBeInTheDocument();
    expect(
      stoppedRow.getByText('stopped after 47 min idle'),
    ).toBeInTheDocument();
    expect(stoppedRow.getByText('2 CPU · 8 GiB')).toBeInTheDocument();
    expect(stoppedRow.getByText('2 hours ago')).toBeInTheDocument();

    const failedRow = within(rowOf('big-join'));
    expect(failedRow.getByText('failed')).toBeInTheDocument();
    expect(
      failedRow.getByText('Image pull failed: manifest unknown'),
    ).toBeInTheDocument();
    // No Owner column in one's own list.
    expect(screen.queryByText('Owner')).not.toBeInTheDocument();
  });

  it('offers Open only for a running workspace, as a new-tab link to its url', async () => {
    await renderInTestApp(
      <WorkspacesTable title="My workspaces" list={list()} />,
      {
        apis: [[workspacesApiRef, mockWorkspacesApi()]],
      },
    );

    const open = within(rowOf('gpu-train')).getByRole('link', {
      name: 'Open gpu-train',
    });
    expect(open).toHaveAttribute('href', running.url);
    expect(open).toHaveAttribute('target', '_blank');
    expect(
      within(rowOf('eda')).queryByRole('link', { name: /Open/ }),
    ).not.toBeInTheDocument();
    expect(
      within(rowOf('eda')).getByRole('button', { name: 'Start eda' }),
    ).toBeEnabled();
    expect(
      within(rowOf('gpu-train')).queryByRole('button', { name: /Start/ }),
    ).not.toBeInTheDocument();
  });

  it('starts a stopped workspace, follows its progress and reloads the list', async () => {
    const api = mockWorkspacesApi({
      startWorkspace: jest.fn(async () => ({
        ...stopped,
        status: 'starting' as const,
      })),
      streamProgress: jest.fn(async (_id, onEvent) => {
        onEvent({
          progress: 100,
          ready: true,
          url: 'https://hub/user/ada/eda/',
        });
      }),
    });
    const current = list();
    await renderInTestApp(
      <WorkspacesTable title="My workspaces" list={current} />,
      {
        apis: [[workspacesApiRef, api]],
      },
    );

    fireEvent.click(
      within(rowOf('eda')).getByRole('button', { name: 'Start eda' }),
    );

    expect(await screen.findByText('Starting eda')).toBeInTheDocument();
    expect(api.startWorkspace).toHaveBeenCalledWith('w-stop');
    expect(
      await screen.findByRole('link', { name: /Open workspace/ }),
    ).toHaveAttribute('href', 'https://hub/user/ada/eda/');
    // Once after the start request, once when the start settled.
    await waitFor(() => expect(current.refresh).toHaveBeenCalledTimes(2));
  });

  it('reproduces a past workspace as a new one and follows its start', async () => {
    const commit = '0123456789abcdef0123456789abcdef01234567';
    const past = workspace({
      id: 'w-past',
      name: 'cats-eda',
      status: 'stopped',
      environment: 'resource:default/python-data-science-2025.05',
      gitCommit: commit,
    });
    const api = mockWorkspacesApi({
      reproduceWorkspace: jest.fn(async () =>
        workspace({
          ...past,
          id: 'w-repro',
          name: 'cats-eda-repro-1',
          status: 'starting',
          reproducedFrom: 'w-past',
        }),
      ),
      streamProgress: jest.fn(async () => undefined),
    });
    const current = list({ workspaces: [past] });
    await renderInTestApp(
      <WorkspacesTable title="My workspaces" list={current} />,
      { apis: [[workspacesApiRef, api]] },
    );
    // What it was launched from shows in the row.
    expect(
      within(rowOf('cats-eda')).getByText(
        'python-data-science-2025.05 · git 0123456789ab',
      ),
    ).toBeInTheDocument();

    fireEvent.click(
      within(rowOf('cats-eda')).getByRole('button', {
        name: 'Reproduce cats-eda',
      }),
    );
    expect(
      await screen.findByText('Starting cats-eda-repro-1'),
    ).toBeInTheDocument();
    expect(api.reproduceWorkspace).toHaveBeenCalledWith('w-past');
    await waitFor(() => expect(current.refresh).toHaveBeenCalled());
  });

  it('deletes only after confirmation', async () => {
    const api = mockWorkspacesApi();
    const current = list();
    await renderInTestApp(
      <WorkspacesTable title="My workspaces" list={current} />,
      {
        apis: [[workspacesApiRef, api]],
      },
    );

    fireEvent.click(
      within(rowOf('eda')).getByRole('button', { name: 'Delete eda' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('Delete workspace eda?'),
    ).toBeInTheDocument();
    expect(api.deleteWorkspace).not.toHaveBeenCalled();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() =>
      expect(api.deleteWorkspace).toHaveBeenCalledWith('w-stop'),
    );
    await waitFor(() => expect(current.refresh).toHaveBeenCalled());
  });

  it("shows the backend's own message when an action is refused", async () => {
    const api = mockWorkspacesApi({
      stopWorkspace: jest.fn(async () => {
        throw await responseError(
          503,
          'JupyterHub is not answering; try again in a minute',
        );
      }),
    });
    await renderInTestApp(
      <WorkspacesTable title="My workspaces" list={list()} />,
      {
        apis: [[workspacesApiRef, api]],
      },
    );

    fireEvent.click(
      within(rowOf('gpu-train')).getByRole('button', {
        name: 'Stop gpu-train',
      }),
    );
    expect(
      await screen.findByText(
        'JupyterHub is not answering; try again in a minute',
      ),
    ).toBeInTheDocument();
  });

  it("in everyone's view shows the owner and keeps others' rows to stop and delete", async () => {
    const others = workspace({
      id: 'w-bob',
      name: 'bobs-model',
      owner: 'user:default/bob',
      status: 'stopped',
    });
    await renderInTestApp(
      <WorkspacesTable
        title="Everyone's workspaces"
        showOwner
        list={list({ workspaces: [running, others] })}
      />,
      {
        apis: [
          [workspacesApiRef, mockWorkspacesApi()],
          mockApis.identity({ userEntityRef: 'user:default/ada' }),
        ],
      },
    );

    expect(screen.getByText('Owner')).toBeInTheDocument();
    expect(within(rowOf('bobs-model')).getByText('bob')).toBeInTheDocument();
    // Ada's own running workspace can be opened once her identity is known...
    expect(
      await within(rowOf('gpu-train')).findByRole('link', {
        name: 'Open gpu-train',
      }),
    ).toBeInTheDocument();
    // ...but Bob's cannot be started by her, only deleted.
    const bobRow = within(rowOf('bobs-model'));
    expect(
      bobRow.queryByRole('button', { name: /Start/ }),
    ).not.toBeInTheDocument();
    expect(
      bobRow.getByRole('button', { name: 'Delete bobs-model' }),
    ).toBeEnabled();
  });

  it('shows a load error in a panel when there is no list to show', async () => {
    await renderInTestApp(
      <WorkspacesTable
        title="My workspaces"
        list={list({
          workspaces: undefined,
          error: await responseError(500, 'Database unavailable'),
        })}
      />,
      { apis: [[workspacesApiRef, mockWorkspacesApi()]] },
    );
    expect(await screen.findByText(/Database unavailable/)).toBeInTheDocument();
    expect(screen.queryByText('My workspaces')).not.toBeInTheDocument();
  });
});
