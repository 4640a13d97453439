import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { ServiceHealth } from '@internal/plugin-platform-health-common';
import { ServicesTable } from './ServicesTable';

// A page renders in seconds when CI runs the jest projects side by side on 2 cores.
jest.setTimeout(30_000);

const service = (
  name: string,
  state: ServiceHealth['state'],
  reasons: string[] = [],
): ServiceHealth => ({
  entityRef: `component:default/${name}`,
  name,
  title: name,
  type: 'service',
  state,
  reasons,
  notes: [],
  workloads: [
    {
      cluster: 'demo',
      kind: 'Deployment',
      namespace: 'dev',
      name,
      desired: 1,
      ready: state === 'healthy' ? 1 : 0,
    },
  ],
  problemPods: [],
  problemPodsTotal: 0,
  problemPodsWithheld: false,
  metrics: {},
  alerts: [],
  clusters: [
    {
      name: 'demo',
      simulated: true,
      freshness: { stale: false, ageSeconds: 3 },
    },
  ],
  checkedAt: '2026-11-29T10:00:00Z',
});

describe('ServicesTable', () => {
  const services = [
    service('jupyterhub', 'healthy'),
    service('conda-store', 'degraded', [
      'pod conda-store-worker-x: CrashLoopBackOff (12 restarts)',
    ]),
    service('keycloak', 'down', ['no ready replicas: keycloak 0/1']),
  ];

  it('lists the worst first, with the reasons, links to the Health tab and the simulated cluster', async () => {
    await renderInTestApp(<ServicesTable services={services} />);
    const rows = screen.getAllByRole('row').slice(2); // header and filter rows
    expect(
      rows.map(r => within(r).getAllByRole('cell')[0].textContent),
    ).toEqual(['keycloak', 'conda-store', 'jupyterhub']);
    expect(
      screen.getByText(
        'pod conda-store-worker-x: CrashLoopBackOff (12 restarts)',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'conda-store' })).toHaveAttribute(
      'href',
      '/catalog/default/component/conda-store/health',
    );
    expect(screen.getAllByText('simulated')).toHaveLength(3);
  });

  it('finds a service by what is wrong with it', async () => {
    await renderInTestApp(<ServicesTable services={services} />);
    await userEvent.type(screen.getByPlaceholderText('Filter'), 'CrashLoop');
    // The table applies its search after a short debounce.
    await waitFor(() => expect(screen.getAllByRole('link')).toHaveLength(1));
    expect(
      screen.getByRole('link', { name: 'conda-store' }),
    ).toBeInTheDocument();
  });
});
