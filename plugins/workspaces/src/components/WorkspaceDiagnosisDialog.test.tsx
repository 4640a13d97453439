import { fireEvent, screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { WorkspaceDiagnosis } from '@internal/plugin-platform-health-common';
import { workspacesApiRef } from '@internal/plugin-workspaces-react';
import {
  mockWorkspacesApi,
  responseError,
  workspace,
} from '../__testUtils__/fixtures';
import { WorkspacesTable } from './WorkspacesTable';

jest.setTimeout(30_000);

const failed = workspace({
  id: 'w-gpu',
  name: 'gpu-big',
  status: 'failed',
  statusReason:
    'Start failed: Spawn failed: pod dev/jupyter-ada--gpu-big did not start in 3 seconds!',
});

const scheduling =
  '0/4 nodes are available: 4 Insufficient nvidia.com/gpu. preemption: 0/4 nodes are available: 4 No preemption victims found for incoming pod.';

const diagnosis: WorkspaceDiagnosis = {
  workspaceId: 'w-gpu',
  diagnosedAt: new Date().toISOString(),
  hubMessage:
    'Spawn failed: pod dev/jupyter-ada--gpu-big did not start in 3 seconds!',
  pod: {
    cluster: 'demo',
    namespace: 'dev',
    name: 'jupyter-ada--gpu-big',
    phase: 'Pending',
    deleting: false,
    conditions: [
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message: scheduling,
      },
    ],
    containers: [
      {
        name: 'notebook',
        ready: false,
        restartCount: 2,
        state: 'waiting',
        reason: 'CrashLoopBackOff',
        lastTermination: { reason: 'OOMKilled', exitCode: 137 },
      },
    ],
    restarts: 2,
    events: [
      {
        type: 'Warning',
        reason: 'FailedScheduling',
        message: scheduling,
        count: 3,
      },
    ],
    limits: { gpus: 4 },
  },
  findings: [
    {
      cause: 'FailedScheduling',
      severity: 'error',
      summary: 'No node has 4 free GPUs: the cluster has 1',
      action: 'Pick a CPU profile or ask an admin',
      facts: [scheduling],
    },
  ],
  logTail: {
    container: 'notebook',
    lines: ['line one', 'line two'],
    previous: true,
  },
  kernels: [{ id: 'k1234567-aaaa', name: 'python3', executionState: 'dead' }],
  missing: ['the log: the container has not started'],
};

const render = (api: ReturnType<typeof mockWorkspacesApi>) =>
  renderInTestApp(
    <WorkspacesTable
      title="My workspaces"
      list={{ workspaces: [failed], loading: false, refresh: jest.fn() }}
    />,
    { apis: [[workspacesApiRef, api]] },
  );

describe('Diagnose', () => {
  it("opens from a failed row's hint and shows findings, pod, events, log, kernels and what is missing", async () => {
    const api = mockWorkspacesApi({
      diagnoseWorkspace: jest.fn(async () => diagnosis),
    });
    await render(api);

    fireEvent.click(
      screen.getByRole('button', { name: 'Why did gpu-big fail? Diagnose' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Diagnose gpu-big',
    });
    expect(
      await within(dialog).findByText(
        'No node has 4 free GPUs: the cluster has 1',
      ),
    ).toBeInTheDocument();
    expect(api.diagnoseWorkspace).toHaveBeenCalledWith('w-gpu');
    expect(
      within(dialog).getByText('Pick a CPU profile or ask an admin'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(/jupyter-ada--gpu-big/, { selector: 'strong' }),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('Pending')).toBeInTheDocument();

    const conditions = within(dialog).getByRole('table', {
      name: 'Pod conditions',
    });
    expect(within(conditions).getByText('Unschedulable')).toBeInTheDocument();
    const containers = within(dialog).getByRole('table', {
      name: 'Containers',
    });
    expect(
      within(containers).getByText('waiting (CrashLoopBackOff) not ready'),
    ).toBeInTheDocument();
    expect(
      within(containers).getByText(/OOMKilled, exit 137/),
    ).toBeInTheDocument();
    const events = within(dialog).getByRole('table', {
      name: 'Pod events, newest first',
    });
    expect(within(events).getByText('FailedScheduling')).toBeInTheDocument();

    const log = within(dialog).getByLabelText('Last 2 log lines');
    expect(log).toHaveTextContent('line one line two');
    expect(log).toHaveAttribute('tabindex', '0');
    expect(
      within(dialog).getByRole('heading', {
        name: 'Log of notebook (previous run)',
      }),
    ).toBeInTheDocument();

    const kernels = within(dialog).getByRole('table', {
      name: 'Kernels of the notebook server',
    });
    expect(within(kernels).getByText('dead')).toBeInTheDocument();
    expect(
      within(dialog).getByText('the log: the container has not started'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        'Spawn failed: pod dev/jupyter-ada--gpu-big did not start in 3 seconds!',
      ),
    ).toBeInTheDocument();
  });

  it('says what to do when the diagnosis cannot be had, and tries again', async () => {
    const api = mockWorkspacesApi({
      diagnoseWorkspace: jest
        .fn()
        .mockRejectedValueOnce(
          await responseError(503, 'JupyterHub is not answering'),
        )
        .mockResolvedValueOnce({ ...diagnosis, findings: [], pod: null }),
    });
    await render(api);
    fireEvent.click(screen.getByRole('button', { name: 'Diagnose gpu-big' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Diagnose gpu-big',
    });
    expect(
      await within(dialog).findByText(
        'Error: Could not diagnose the workspace: JupyterHub is not answering',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(/ask DevOps to check the platform status page/),
    ).toBeInTheDocument();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Retry' }));
    expect(
      await within(dialog).findByText(
        'No pod of this workspace was found in the cluster.',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(/Nothing wrong was found/),
    ).toBeInTheDocument();
    expect(api.diagnoseWorkspace).toHaveBeenCalledTimes(2);
  });
});
