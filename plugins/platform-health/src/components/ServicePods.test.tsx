import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type {
  ProblemPod,
  ServiceHealth,
} from '@internal/plugin-platform-health-common';
import { platformHealthApiRef, type PlatformHealthApi } from '../api';
import { ServicePods } from './ServicePods';

// A page renders in seconds when CI runs the jest projects side by side on 2 cores.
jest.setTimeout(30_000);

/** Only the pod logs are fetched here (when an operator opens them). */
const api: Pick<PlatformHealthApi, 'getPodLogs'> = {
  getPodLogs: async ({ cluster, namespace, pod: name }) => ({
    cluster,
    namespace,
    pod: name,
    container: 'worker',
    previous: false,
    lines: ['cannot connect to redis:6379'],
  }),
};

const pod: ProblemPod = {
  cluster: 'demo',
  namespace: 'dev',
  name: 'conda-store-worker-6f7d-y2',
  phase: 'Running',
  reason: 'CrashLoopBackOff',
  restarts: 7,
  events: [
    {
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container worker',
      count: 3,
    },
  ],
};

const health = (overrides: Partial<ServiceHealth>): ServiceHealth => ({
  entityRef: 'component:default/conda-store',
  name: 'conda-store',
  title: 'conda-store',
  state: 'degraded',
  reasons: [],
  notes: [],
  workloads: [],
  problemPods: [],
  problemPodsTotal: 0,
  problemPodsWithheld: false,
  metrics: {},
  alerts: [],
  clusters: [],
  checkedAt: '2026-12-04T10:00:00Z',
  ...overrides,
});

describe('ServicePods', () => {
  it('lists the pods, why and their events for DevOps and admins', async () => {
    await renderInTestApp(
      <ServicePods
        health={health({ problemPods: [pod], problemPodsTotal: 1 })}
        showLogs
      />,
      { apis: [[platformHealthApiRef, api]] },
    );
    expect(
      screen.getByText('Pods that need attention (1)'),
    ).toBeInTheDocument();
    expect(screen.getByText('conda-store-worker-6f7d-y2')).toBeInTheDocument();
    expect(screen.getByText('CrashLoopBackOff')).toBeInTheDocument();
    const row = screen
      .getAllByRole('row')
      .find(r => r.textContent?.includes('conda-store-worker-6f7d-y2'))!;
    await userEvent.click(within(row).getByRole('button', { name: 'Logs' }));
    expect(await screen.findByTestId('pod-logs')).toHaveTextContent(
      'cannot connect to redis:6379',
    );
  });

  it('marks a pod that runs again after restarts as a warning, not an error', async () => {
    const warning: ProblemPod = {
      ...pod,
      name: 'conda-store-server-5c6b-x1',
      reason: 'OOMKilledRecently',
      severity: 'warning',
      restarts: 1,
      message:
        'container server ran out of memory at 2026-12-04T08:00:00.000Z (OOMKilled, 1 restart); it runs again',
      events: [],
    };
    await renderInTestApp(
      <ServicePods
        health={health({ problemPods: [pod, warning], problemPodsTotal: 2 })}
        showLogs={false}
      />,
      { apis: [[platformHealthApiRef, api]] },
    );
    expect(screen.getByTestId('problem-warning')).toHaveTextContent(
      'OOMKilledRecently (warning)',
    );
    expect(screen.getAllByTestId('problem-warning')).toHaveLength(1);
    expect(screen.getByText('CrashLoopBackOff')).toBeInTheDocument();
    expect(
      screen.getByText(/container server ran out of memory/),
    ).toBeInTheDocument();
  });

  it('says how many, and who sees which, to everyone else', async () => {
    await renderInTestApp(
      <ServicePods
        health={health({ problemPodsTotal: 2, problemPodsWithheld: true })}
        showLogs={false}
      />,
      { apis: [[platformHealthApiRef, api]] },
    );
    expect(
      screen.getByText('Pods that need attention (2)'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('problem-pods-withheld')).toHaveTextContent(
      '2 pods have problems (DevOps and admins see which)',
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('says no pod needs attention when none does', async () => {
    await renderInTestApp(
      <ServicePods
        health={health({ problemPodsWithheld: true })}
        showLogs={false}
      />,
      { apis: [[platformHealthApiRef, api]] },
    );
    expect(screen.getByTestId('problem-pods-withheld')).toHaveTextContent(
      'No pod needs attention.',
    );
  });
});
