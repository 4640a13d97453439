import { expect, test } from '@playwright/test';
import { demoPeople, screenshot, sidebar, signInAs } from './helpers';

const [ada, , , linus] = demoPeople;

test('DevOps finds the degraded service on the platform status page and why, down to the pod', async ({
  page,
}) => {
  await signInAs(page, linus);
  await sidebar(page).getByRole('link', { name: 'Platform status' }).click();
  await expect(page).toHaveURL(/\/platform-status/);

  // The demo cluster's conda-store worker is in CrashLoopBackOff.
  const conda = page.getByRole('row').filter({
    has: page.getByRole('link', { name: 'conda-store', exact: true }),
  });
  await expect(conda).toContainText('degraded');
  await expect(conda).toContainText(/CrashLoopBackOff/);
  await expect(conda).toContainText('simulated');
  await expect(page.getByTestId('platform-summary')).toContainText('degraded');
  await screenshot(page, 'platform-status');

  // The cluster overview tab: nodes, the problem pod and its log.
  await page.getByRole('tab', { name: 'Cluster' }).click();
  await expect(page.getByTestId('cluster-title')).toHaveText('Demo cluster');
  const problem = page
    .getByRole('row')
    .filter({ hasText: 'nebari-conda-store-worker' })
    .filter({ has: page.getByRole('button', { name: 'Logs' }) });
  await expect(problem).toContainText('CrashLoopBackOff');
  await screenshot(page, 'platform-status-cluster');
  await problem.getByRole('button', { name: 'Logs' }).click();
  await expect(page.getByTestId('pod-logs')).not.toBeEmpty();
  await screenshot(page, 'platform-status-pod-logs');
  await page.getByRole('button', { name: 'Close' }).click();

  // The component's Health tab names the failing pod and its reason.
  await page.getByRole('tab', { name: 'Services' }).click();
  await conda.getByRole('link', { name: 'conda-store', exact: true }).click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/conda-store\/health/,
  );
  await expect(page.getByTestId('service-state').first()).toHaveText(
    'degraded',
  );
  const pod = page
    .getByRole('row')
    .filter({ hasText: 'nebari-conda-store-worker' });
  await expect(pod.first()).toContainText('CrashLoopBackOff');
  await expect(page.getByText(/0 of 1 replicas ready/)).toBeVisible();
  await screenshot(page, 'conda-store-health-tab');
});

test('a data scientist sees the platform status but not the cluster or its pods', async ({
  page,
}) => {
  await signInAs(page, ada);
  await page.goto('/platform-status');
  await expect(
    page.getByRole('row').filter({ hasText: 'conda-store' }).first(),
  ).toContainText('degraded');
  await expect(page.getByRole('tab', { name: 'Cluster' })).toHaveCount(0);
  // The Health tab: the state and the replicas, how many pods have problems but not
  // which, why or their events (those are the cluster's), and no logs.
  await page.goto('/catalog/default/component/conda-store/health');
  await expect(page.getByTestId('service-state').first()).toHaveText(
    'degraded',
  );
  await expect(page.getByTestId('problem-pods-withheld')).toHaveText(
    '1 pod has problems (DevOps and admins see which)',
  );
  await expect(page.getByText(/0 of 1 replicas ready/)).toBeVisible();
  // No pod name (the workload's name, nebari-conda-store-worker, is shown).
  await expect(
    page.getByText(/nebari-conda-store-worker-[a-z0-9]+-[a-z0-9]+/),
  ).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Logs' })).toHaveCount(0);
});

test('DevOps see a service and the cluster over time, and the alert history', async ({
  page,
}) => {
  await signInAs(page, linus);
  // The demo Prometheus scrapes itself: its component declares queries over that.
  await page.goto('/catalog/default/component/prometheus/health');
  const history = page.getByTestId('history-section');
  await expect(
    page.getByRole('figure', { name: /^Availability over the last 1h/ }),
  ).toBeVisible();
  // No cAdvisor or kube-state-metrics in the demo: said, not hidden.
  await expect(page.getByTestId('history-missing')).toContainText(
    'CPU: no container_cpu_usage_seconds_total for its pods',
  );
  await history.scrollIntoViewIfNeeded();
  await page.screenshot({
    path: '/tmp/atrium-history-prometheus.png',
    fullPage: true,
  });
  await screenshot(page, 'service-history');
  await page.getByRole('button', { name: 'Last 24 h' }).click();
  await expect(
    page.getByRole('figure', { name: /^Availability over the last 24h/ }),
  ).toBeVisible();

  await page.goto('/platform-status/cluster');
  await expect(
    page.getByText('Cluster history', { exact: true }),
  ).toBeVisible();
  await expect(page.getByTestId('history-section')).not.toHaveAttribute(
    'aria-busy',
    'true',
  );
  await page.screenshot({
    path: '/tmp/atrium-history-cluster.png',
    fullPage: true,
  });

  await page.getByRole('tab', { name: 'Alert history' }).click();
  await expect(page.getByText('Alert history (last 7 days)')).toBeVisible();
});
