import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { demoPeople, screenshot, sidebar, signInAs } from './helpers';

const [ada] = demoPeople;
const name = `gpu4-${Date.now().toString(36)}`;

/**
 * Issue #15's demo, for real: the demo hub keeps a pod per workspace in the simulated
 * cluster (dev/jupyterhub/demo_cluster.py). The "Four-GPU Training" profile asks for
 * more GPUs than that cluster has, so its pod stays Pending with the scheduler's
 * FailedScheduling event and the start fails; Diagnose shows the scheduling finding
 * from platform-health, the pod, its event and the hub's message.
 */
test('a GPU start that cannot be scheduled fails, and Diagnose says why', async ({
  page,
}) => {
  await signInAs(page, ada);
  await sidebar(page)
    .getByRole('link', { name: 'Workspaces', exact: true })
    .click();
  await page.getByRole('button', { name: 'New workspace' }).click();
  const launch = page.getByRole('dialog');
  await launch.getByLabel('Name').fill(name);
  await launch.getByLabel('Profile').click();
  await page.getByRole('option', { name: /Four-GPU Training/ }).click();
  await launch.getByRole('button', { name: 'Create and start' }).click();

  // The demo hub gives the pod 3 s to be scheduled, then fails the spawn as
  // KubeSpawner does at its start timeout.
  await expect(launch.getByRole('alert')).toContainText(
    `pod dev/jupyter-ada--${name} did not start in 3 seconds!`,
    { timeout: 60_000 },
  );
  await launch.getByRole('button', { name: 'Close' }).click();

  const hint = page.getByRole('button', {
    name: `Why did ${name} fail? Diagnose`,
  });
  await expect(hint).toBeVisible();
  await hint.click();

  const panel = page.getByRole('dialog', { name: `Diagnose ${name}` });
  const finding = panel.getByText(/^no node has a free GPU: .*asks for 4$/);
  await expect(finding).toBeVisible();
  await expect(
    panel.getByText('ask an admin to free or add GPUs, or pick a CPU profile'),
  ).toBeVisible();
  const events = panel.getByRole('table', { name: 'Pod events, newest first' });
  await expect(
    events.getByRole('cell', { name: 'FailedScheduling' }),
  ).toBeVisible();
  await expect(events).toContainText(
    '0/4 nodes are available: 4 Insufficient nvidia.com/gpu. preemption: 0/4 nodes are available: 4 No preemption victims found for incoming pod.',
  );
  await expect(
    panel.getByText(`jupyter-ada--${name}`, { exact: true }),
  ).toBeVisible();
  await expect(panel.getByText('Pending', { exact: true })).toBeVisible();
  await expect(
    panel.getByRole('region', { name: "The hub's message" }),
  ).toContainText('did not start in 3 seconds!');
  await screenshot(page, 'workspaces-diagnose-gpu');
  await events.scrollIntoViewIfNeeded();
  await screenshot(page, 'workspaces-diagnose-gpu-events');

  // The panel passes axe-core's WCAG 2.0/2.1 A and AA rules.
  const axe = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .include('[role="dialog"]')
    .analyze();
  expect(
    axe.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target).join(' ')}`),
  ).toEqual([]);

  await panel.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: `Delete ${name}` }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(page.getByRole('row').filter({ hasText: name })).toHaveCount(0);
});
