import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoPeople, screenshot, sidebar, signInAs } from './helpers';

const [ada, grace, margaret] = demoPeople;
const name = `e2e-${Date.now().toString(36)}`;

/** The suite's demo hub keeps the portal's service token in its state folder. */
function hubToken() {
  return readFileSync(
    join(process.env.ATRIUM_E2E_DATA_DIR!, 'jupyterhub', 'portal-token'),
    'utf8',
  ).trim();
}

async function openWorkspaces(page: Page) {
  await sidebar(page)
    .getByRole('link', { name: 'Workspaces', exact: true })
    .click();
  await expect(page).toHaveURL(/\/workspaces$/);
}

function row(page: Page, workspace: string) {
  return page.getByRole('row').filter({ hasText: workspace });
}

test('a data-science project has a Workspaces tab that launches for the project', async ({
  page,
}) => {
  await signInAs(page, ada);
  await page.goto('/catalog/default/component/cats-vs-dogs/workspaces');
  await expect(
    page.getByRole('button', { name: /Launch for this project/i }),
  ).toBeVisible();
  await page.getByRole('button', { name: /Launch for this project/i }).click();
  await expect(
    page.getByRole('dialog').getByLabel('Project (optional)'),
  ).toHaveValue('component:default/cats-vs-dogs');
  await screenshot(page, 'workspaces-project-tab');
});

test.describe.serial('notebook workspaces', () => {
  test('a data scientist launches a workspace, watches it start and opens the notebook', async ({
    page,
    request,
  }) => {
    await signInAs(page, ada);
    await openWorkspaces(page);
    await page.getByRole('button', { name: 'New workspace' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Not_Valid');
    await expect(
      dialog.getByText(/lower-case letters, digits and hyphens/).first(),
    ).toBeVisible();
    await dialog.getByLabel('Name').fill(name);
    await screenshot(page, 'workspaces-create-dialog');
    await dialog.getByRole('button', { name: 'Create and start' }).click();

    await expect(
      dialog.getByRole('progressbar', { name: 'Start progress' }),
    ).toBeVisible();
    const open = dialog.getByRole('link', { name: 'Open workspace' });
    await expect(open).toBeVisible({ timeout: 60_000 });
    await screenshot(page, 'workspaces-started');
    const url = await open.getAttribute('href');
    expect(url).toMatch(new RegExp(`/user/ada/${name}/$`));

    // The notebook server answers through the hub's proxy.
    const api = await request.get(`${url}api`, {
      headers: { authorization: `token ${hubToken()}` },
    });
    expect(api.status()).toBe(200);
    expect(await api.json()).toHaveProperty('version');

    // And a person gets to it: the demo hub's login (any password), then the notebook.
    const notebook = await page.context().newPage();
    await notebook.goto(url!);
    await notebook.locator('#username_input').fill('ada');
    await notebook.locator('#password_input').fill('demo');
    await notebook.locator('#login_submit').click();
    await expect(notebook).toHaveURL(new RegExp(`/user/ada/${name}/`), {
      timeout: 30_000,
    });
    await expect(notebook.locator('body')).toContainText(/Files|Jupyter/i, {
      timeout: 30_000,
    });
    await screenshot(notebook, 'workspaces-notebook');
    await notebook.close();

    await page.keyboard.press('Escape');
    await expect(row(page, name).getByText('running')).toBeVisible();
    await screenshot(page, 'workspaces-list-running');
  });

  test('another data scientist does not see it', async ({ page }) => {
    await signInAs(page, grace);
    await openWorkspaces(page);
    await expect(page.getByText('My workspaces')).toBeVisible();
    await expect(row(page, name)).toHaveCount(0);
    await expect(page.getByRole('button', { name: "Everyone's" })).toHaveCount(
      0,
    );
  });

  test("an admin sees everyone's workspaces and stops it", async ({ page }) => {
    await signInAs(page, margaret);
    await openWorkspaces(page);
    await page.getByRole('button', { name: "Everyone's" }).click();
    await expect(row(page, name)).toBeVisible();
    await expect(
      row(page, name).getByRole('cell', { name: 'ada', exact: true }),
    ).toBeVisible();
    await row(page, name)
      .getByRole('button', { name: `Stop ${name}` })
      .click();
    await expect(
      row(page, name).getByText('stopped by margaret (admin)'),
    ).toBeVisible();
    await screenshot(page, 'workspaces-admin-stopped');
  });

  test('the owner sees why it stopped, starts it again and stops it', async ({
    page,
  }) => {
    await signInAs(page, ada);
    await openWorkspaces(page);
    await expect(
      row(page, name).getByText('stopped by margaret (admin)'),
    ).toBeVisible();
    await row(page, name)
      .getByRole('button', { name: `Start ${name}` })
      .click();
    await expect(
      page.getByRole('link', { name: 'Open workspace' }),
    ).toBeVisible({ timeout: 60_000 });
    await page.keyboard.press('Escape');
    await expect(row(page, name).getByText('running')).toBeVisible();
    await row(page, name)
      .getByRole('button', { name: `Stop ${name}` })
      .click();
    await expect(row(page, name).getByText('stopped by you')).toBeVisible();
    await screenshot(page, 'workspaces-owner-stopped');

    await row(page, name)
      .getByRole('button', { name: `Delete ${name}` })
      .click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: 'Delete' })
      .click();
    await expect(row(page, name)).toHaveCount(0);
  });
});
