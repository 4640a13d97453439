import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type {
  ClusterOverview,
  ProblemPod,
} from '@internal/plugin-platform-health-common';
import { platformHealthApiRef, type PlatformHealthApi } from '../../api';
import { ProblemPodsHomeContent } from './PlatformHomeContent';

jest.setTimeout(30_000);

const pod = (overrides: Partial<ProblemPod>): ProblemPod => ({
  cluster: 'demo',
  namespace: 'dev',
  name: 'conda-store-worker-6f7d-y2',
  phase: 'Running',
  reason: 'CrashLoopBackOff',
  restarts: 7,
  events: [],
  ...overrides,
});

const cluster = {
  name: 'demo',
  title: 'Demo cluster',
  simulated: true,
  freshness: { stale: false },
};

/** Only the clusters and their overviews are read by the widget. */
const api: Pick<PlatformHealthApi, 'listClusters' | 'getClusterOverview'> = {
  listClusters: async () => [cluster as any],
  getClusterOverview: async () =>
    ({
      cluster,
      problemPods: [
        pod({}),
        pod({
          name: 'hub-7d9f8-abcde',
          reason: 'RestartedRecently',
          severity: 'warning',
          restarts: 4,
        }),
      ],
      problemPodsTotal: 2,
    } as unknown as ClusterOverview),
};

describe('ProblemPodsHomeContent', () => {
  it('says which problem pods are only warnings (running again after restarts)', async () => {
    await renderInTestApp(<ProblemPodsHomeContent />, {
      apis: [[platformHealthApiRef, api]],
    });
    expect(await screen.findByText(/dev\/hub-7d9f8-abcde:/)).toHaveTextContent(
      'dev/hub-7d9f8-abcde: RestartedRecently (warning) (4 restarts)',
    );
    expect(
      screen.getByText(/dev\/conda-store-worker-6f7d-y2:/),
    ).toHaveTextContent(
      'dev/conda-store-worker-6f7d-y2: CrashLoopBackOff (7 restarts)',
    );
  });
});
