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
