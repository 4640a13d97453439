import { expect, test, type Page } from '@playwright/test';
import { demoPeople, screenshot, sidebar, signInAs, tokenFor } from './helpers';

const [ada] = demoPeople;

function row(page: Page, text: string) {
  return page.getByRole('row').filter({ hasText: text });
}

/**
 * Curated environments and reproduce, as Ada: the versions of an environment and what
 * changed between them, the project that pins the old one (drift), a launch from the
 * project page, and a reproduction of that workspace from the workspaces page.
 */
test.describe.serial('environments, drift and reproduce', () => {
  test.afterAll(async ({ request }) => {
    // Free the suite hub's named servers (5 per user) for the other specs.
    const token = await tokenFor(request, 'ada');
    const headers = { authorization: `Bearer ${token}` };
    const list = await request.get('/api/workspaces/workspaces', { headers });
    for (const w of (await list.json()).items ?? []) {
      if (String(w.name).startsWith('cats-vs-dogs-')) {
        await request.delete(`/api/workspaces/workspaces/${w.id}`, { headers });
      }
    }
  });

  test('an environment shows its versions, what changed and who uses each', async ({
    page,
  }) => {
    await signInAs(page, ada);
    await page.goto('/catalog/default/resource/python-data-science-2026.11');
    await expect(page.getByText('environment.yml').first()).toBeVisible();
    await expect(page.getByText('- numpy=2.1.3')).toBeVisible();
    await screenshot(page, 'environments-overview');

    // The entity header's tabs are links.
    await page.getByRole('link', { name: 'Versions', exact: true }).click();
    await expect(page).toHaveURL(/python-data-science-2026\.11\/versions$/);
    await expect(
      page.getByText('Versions of python-data-science'),
    ).toBeVisible();
    await expect(row(page, '2026.11 (this page)')).toContainText('production');
    const old = row(page, '2025.05');
    await expect(old.first()).toContainText('deprecated');
    await expect(
      old.first().getByRole('link', { name: 'Cats vs dogs' }),
    ).toBeVisible();

    await expect(
      page.getByText('What changed from 2025.05 to 2026.11'),
    ).toBeVisible();
    await expect(
      page.getByText(/1 added, 1 removed, \d+ upgraded/),
    ).toBeVisible();
    await expect(row(page, 'polars')).toContainText('added');
    await expect(row(page, 'seaborn')).toContainText('removed');
    await expect(row(page, 'numpy')).toContainText('1.26.4');
    await expect(row(page, 'numpy')).toContainText('2.1.3');
    await screenshot(page, 'environments-versions');
  });

  test('a project on the old version shows the drift and launches a workspace', async ({
    page,
  }) => {
    await signInAs(page, ada);
    await page.goto(
      '/catalog/default/resource/python-data-science-2026.11/versions',
    );
    await row(page, '2025.05')
      .first()
      .getByRole('link', { name: 'Cats vs dogs' })
      .click();
    await expect(page).toHaveURL(/\/catalog\/default\/component\/cats-vs-dogs/);

    await expect(
      page.getByText(/A newer production version exists/),
    ).toBeVisible();
    await expect(
      page.getByText(/1 added, 1 removed, \d+ upgraded/),
    ).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'Python data science 2025.05' }).first(),
    ).toBeVisible();
    await screenshot(page, 'environments-project-drift');

    await page.getByRole('button', { name: 'Launch workspace' }).click();
    await expect(
      page.getByText(/Workspace cats-vs-dogs-1: (starting|running)/),
    ).toBeVisible();
    await expect(
      page.getByText('Workspace cats-vs-dogs-1: running'),
    ).toBeVisible({
      timeout: 60_000,
    });
    await expect(page.getByText('Open JupyterLab')).toBeVisible();
    await screenshot(page, 'environments-project-launched');
  });

  test('the workspace is reproduced from the workspaces page with the same environment', async ({
    page,
  }) => {
    await signInAs(page, ada);
    await sidebar(page)
      .getByRole('link', { name: 'Workspaces', exact: true })
      .click();
    const original = row(page, 'cats-vs-dogs-1').filter({
      hasNotText: 'repro',
    });
    await expect(original).toContainText('python-data-science-2025.05');
    await original
      .getByRole('button', { name: 'Reproduce cats-vs-dogs-1' })
      .click();

    const dialog = page.getByRole('dialog');
    await expect(
      dialog.getByText('Starting cats-vs-dogs-1-repro-1'),
    ).toBeVisible();
    await expect(
      dialog.getByRole('link', { name: 'Open workspace' }),
    ).toBeVisible({
      timeout: 60_000,
    });
    await screenshot(page, 'environments-reproduce-started');
    await page.keyboard.press('Escape');

    const copy = row(page, 'cats-vs-dogs-1-repro-1');
    await expect(copy).toContainText('running');
    await expect(copy).toContainText('python-data-science-2025.05');
    await copy
      .getByRole('button', { name: 'History of cats-vs-dogs-1-repro-1' })
      .click();
    await expect(
      page
        .getByRole('dialog')
        .getByText(/small · python-data-science-2025\.05/)
        .first(),
    ).toBeVisible();
    await screenshot(page, 'environments-reproduce-history');
  });
});
