import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { AlertEpisode } from '@internal/plugin-platform-health-common';
import { platformHealthApiRef, type PlatformHealthApi } from '../api';
import { AlertHistoryTable } from './AlertHistoryTable';

// A page renders in seconds when CI runs the jest projects side by side on 2 cores.
jest.setTimeout(30_000);

const episodes: AlertEpisode[] = [
  {
    id: 1,
    kind: 'status',
    name: 'degraded',
    componentRef: 'component:default/conda-store',
    severity: 'warning',
    summary: '1 pod has problems',
    labels: {},
    startedAt: '2026-12-04T10:00:00.000Z',
    resolvedAt: '2026-12-04T11:00:00.000Z',
    notifiedAt: '2026-12-04T10:00:01.000Z',
  },
  {
    id: 2,
    kind: 'alert',
    name: 'ClusterUnreachable',
    severity: 'critical',
    summary: 'Atrium cannot reach cluster demo',
    labels: { alertname: 'ClusterUnreachable', cluster: 'demo' },
    startedAt: '2026-12-05T00:30:00.000Z',
  },
];

describe('AlertHistoryTable', () => {
  it('lists the episodes newest first, says which are ongoing and who was told, and filters them', async () => {
    const api: Pick<PlatformHealthApi, 'listAlertHistory'> = {
      listAlertHistory: async () => episodes,
    };
    await renderInTestApp(<AlertHistoryTable />, {
      apis: [[platformHealthApiRef, api]],
    });
    await screen.findByText('ClusterUnreachable');
    const rows = screen.getAllByRole('row');
    const body = rows.filter(r =>
      within(r).queryByText(/degraded|ClusterUnreachable/),
    );
    expect(
      body.map(r =>
        within(r).queryByText('ClusterUnreachable') ? 'alert' : 'status',
      ),
    ).toEqual(['alert', 'status']);
    expect(body[0]).toHaveTextContent('ongoing');
    expect(body[0]).toHaveTextContent('—'); // no component, nobody told
    expect(body[1]).toHaveTextContent('conda-store');

    await userEvent.type(screen.getByPlaceholderText('Filter'), 'Cluster');
    // The search is debounced.
    await waitFor(() =>
      expect(screen.queryByText('1 pod has problems')).not.toBeInTheDocument(),
    );
    expect(screen.getByText('ClusterUnreachable')).toBeInTheDocument();
  });
});
