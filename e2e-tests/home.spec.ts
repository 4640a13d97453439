import { expect, test, type Page } from '@playwright/test';
import { demoPeople, screenshot, signInAs, tokenFor } from './helpers';

const [ada, , margaret, linus] = demoPeople;

/** A home widget's card (a grid item of the home page), by its exact title. */
function widget(page: Page, title: string) {
  return page
    .locator('.react-grid-item')
    .filter({ has: page.getByText(title, { exact: true }) });
}

test('a data scientist lands on a home page of their workspaces, spend, projects and templates', async ({
  page,
}) => {
  await signInAs(page, ada);
  await expect(page).toHaveURL(/\/$/);

  const spend = widget(page, 'My spend this month');
  // Ada's budgets in the demo data: her own and team-vision's.
  await expect(spend.getByText(/^Mine: .* left of \$250\.00$/)).toBeVisible();
  await expect(
    spend.getByText(/^Group team-vision: .* left of \$300\.00$/),
  ).toBeVisible();
  await expect(spend.getByRole('link', { name: 'My costs' })).toBeVisible();

  // Her team's project, pinned to a deprecated environment version with a newer one.
  const projects = widget(page, 'My projects');
  await expect(
    projects.getByRole('link', { name: 'Cats vs dogs' }),
  ).toBeVisible();
  await expect(projects.getByText('2026.11 available')).toBeVisible();

  const templates = widget(page, 'Start a project');
  await expect(
    templates.getByRole('link', { name: 'Python analysis project' }),
  ).toBeVisible();
  await expect(
    templates.getByRole('link', { name: 'GPU deep-learning project' }),
  ).toBeVisible();

  const workspaces = widget(page, 'My workspaces');
  await expect(
    workspaces.getByRole('link', { name: 'All my workspaces' }),
  ).toBeVisible();
  // Admin and DevOps widgets are not on her page.
  await expect(widget(page, 'Recent audit events')).toHaveCount(0);
  await expect(widget(page, 'Problem pods')).toHaveCount(0);
  await screenshot(page, 'home-ada');

  await templates.getByRole('link', { name: 'R project' }).click();
  await expect(page).toHaveURL(/\/create\/templates\/default\/r-project$/);
});

test('an admin lands on budgets, top spenders, idle waste, people without a team and the audit log', async ({
  page,
}) => {
  // Something audited first: giving and taking back a role, through the real API.
  const token = await tokenFor(page.request, 'margaret');
  const headers = { authorization: `Bearer ${token}` };
  const assignment = { subjectRef: 'user:default/katherine', role: 'devops' };
  expect(
    (
      await page.request.post('/api/roles/assignments', {
        headers,
        data: assignment,
      })
    ).status(),
  ).toBe(201);
  expect(
    (
      await page.request.delete(
        `/api/roles/assignments?subjectRef=${assignment.subjectRef}&role=devops`,
        { headers },
      )
    ).status(),
  ).toBe(204);

  await signInAs(page, margaret);
  const budgets = widget(page, 'Budgets this month');
  await expect(
    budgets.getByText(/^team-vision: \$[\d,.]+ of \$300\.00/),
  ).toBeVisible();
  const spenders = widget(page, 'Top spenders this month');
  await expect(
    spenders.getByRole('table', { name: 'Top spenders this month' }),
  ).toBeVisible();
  // The demo usage of this month: Ada's workspaces are among the spenders.
  await expect(
    spenders.getByRole('row', { name: /Ada Lovelace/ }),
  ).toBeVisible();
  await expect(
    widget(page, 'Idle waste this week').getByText(
      'spent on idle workspaces in the last 7 days',
    ),
  ).toBeVisible();
  // Katherine (examples/org.yaml) belongs to no group.
  const loners = widget(page, 'People without a team');
  await expect(loners.getByRole('link', { name: /katherine/i })).toBeVisible();
  await expect(loners.getByRole('link', { name: /ada/i })).toHaveCount(0);
  const audit = widget(page, 'Recent audit events');
  await expect(
    audit.getByText(/margaret: role-assignment-remove/).first(),
  ).toBeVisible();
  await expect(widget(page, 'My projects')).toHaveCount(0);
  await screenshot(page, 'home-margaret');
});

test('DevOps land on unhealthy services, problem pods, alerts and cluster capacity', async ({
  page,
}) => {
  await signInAs(page, linus);
  // The demo cluster's conda-store worker crash-loops (kube-test-server's seed).
  const services = widget(page, 'Services needing attention');
  await expect(
    services.getByRole('link', { name: 'conda-store' }),
  ).toBeVisible();
  const pods = widget(page, 'Problem pods');
  await expect(
    pods.getByText(/conda-store-worker.*CrashLoopBackOff/),
  ).toBeVisible();
  const capacity = widget(page, 'Cluster capacity');
  await expect(capacity.getByText(/^Nodes ready: \d+ of \d+$/)).toBeVisible();
  await expect(capacity.getByText(/^CPU requested: /)).toBeVisible();
  await expect(widget(page, 'Firing alerts')).toBeVisible();
  await expect(widget(page, 'Budgets this month')).toHaveCount(0);
  await screenshot(page, 'home-linus');
});
