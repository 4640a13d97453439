import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type {
  HistoryWindow,
  PlatformHistory,
} from '@internal/plugin-platform-health-common';
import { chartRows } from './HistoryCharts';
import { HistorySection } from './HistorySection';

// A page renders in seconds when CI runs the jest projects side by side on 2 cores.
jest.setTimeout(30_000);

const T0 = Date.parse('2026-12-05T00:00:00Z');

function history(window: HistoryWindow): PlatformHistory {
  return {
    window,
    from: new Date(T0).toISOString(),
    to: new Date(T0 + 3_600_000).toISOString(),
    stepSeconds: window === '1h' ? 30 : 300,
    series: [
      {
        id: 'ready',
        title: 'Ready replicas',
        unit: 'count',
        query: 'sum by (workload) (atrium_kube_workload_ready_replicas)',
        lines: [
          {
            label: 'workload=hub',
            points: [
              [T0, 1],
              [T0 + 60_000, 0],
            ],
          },
          { label: 'workload=proxy', points: [[T0 + 30_000, 1]] },
        ],
      },
    ],
    markers: [
      {
        kind: 'alert',
        at: new Date(T0 + 60_000).toISOString(),
        title: 'PlatformPodsFailing',
        severity: 'warning',
        source: 'prometheus',
      },
      {
        kind: 'status',
        at: new Date(T0 + 45_000).toISOString(),
        endedAt: new Date(T0 + 90_000).toISOString(),
        title: 'turned degraded',
        severity: 'warning',
        source: 'alert-history',
      },
      {
        kind: 'deploy',
        at: new Date(T0 + 30_000).toISOString(),
        title: 'Deployment dev/hub rolled out',
        source: 'revision-metric',
      },
    ],
    missing: [
      'CPU: no container_cpu_usage_seconds_total for its pods: cAdvisor is not scraped',
    ],
  };
}

describe('HistorySection', () => {
  it('charts each series with its markers named, says what is missing, and loads another window on demand', async () => {
    const load = jest.fn(async (w: HistoryWindow) => history(w));
    await renderInTestApp(<HistorySection subject="hub" load={load} />);
    expect(
      await screen.findByRole('figure', {
        name: 'Ready replicas over the last 1h; 1 alert, 1 state change and 1 deploy marked',
      }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('history-missing')).toHaveTextContent(
      'cAdvisor is not scraped',
    );
    expect(screen.getByTestId('history-markers')).toHaveTextContent(
      'Alert PlatformPodsFailing (warning)',
    );
    expect(screen.getByTestId('history-markers')).toHaveTextContent(
      'Service turned degraded (warning)',
    );
    expect(load).toHaveBeenLastCalledWith('1h');

    await userEvent.click(screen.getByRole('button', { name: 'Last 24 h' }));
    await waitFor(() => expect(load).toHaveBeenLastCalledWith('24h'));
    expect(
      await screen.findByRole('figure', {
        name: /Ready replicas over the last 24h/,
      }),
    ).toBeInTheDocument();
  });

  it('explains an empty history instead of drawing empty charts', async () => {
    const load = async (w: HistoryWindow) => ({
      ...history(w),
      series: [],
      markers: [],
      missing: [
        'charts: Prometheus at http://prometheus:9090 refused the connection (is it running?)',
      ],
    });
    await renderInTestApp(<HistorySection subject="hub" load={load} />);
    expect(
      await screen.findByText(/No chart has data for the last 1 h/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('history-missing')).toHaveTextContent(
      'refused the connection',
    );
    expect(screen.queryByRole('figure')).not.toBeInTheDocument();
  });

  it('puts the lines of a series side by side per timestamp, with gaps where a line has no sample', () => {
    expect(chartRows(history('1h').series[0])).toEqual([
      { t: T0, l0: 1 },
      { t: T0 + 30_000, l1: 1 },
      { t: T0 + 60_000, l0: 0 },
    ]);
  });
});
