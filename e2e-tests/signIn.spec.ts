import { expect, test } from '@playwright/test';
import { demoPeople, screenshot, sidebar, signInAs } from './helpers';

for (const person of demoPeople) {
  test(`${person.displayName} (${person.role}) signs in and browses the platform catalog`, async ({
    page,
  }) => {
    await signInAs(page, person);

    // The catalog lives at /catalog, as in any Backstage, and shows the whole platform.
    await sidebar(page)
      .getByRole('link', { name: 'Catalog', exact: true })
      .click();
    await expect(page).toHaveURL(/\/catalog$/);
    const table = page.getByRole('table');
    await expect(table.getByRole('link', { name: 'JupyterHub' })).toBeVisible();
    await expect(
      table.getByRole('link', { name: 'conda-store' }),
    ).toBeVisible();
    await expect(
      table.getByRole('link', { name: 'Argo Workflows' }),
    ).toBeVisible();

    // Only admins get the admin section in the sidebar.
    const nav = sidebar(page);
    await expect(
      nav.getByRole('link', { name: 'Catalog', exact: true }),
    ).toBeVisible();
    if (person.role === 'admin') {
      await expect(
        nav.getByRole('link', { name: 'Roles', exact: true }),
      ).toBeVisible();
      await expect(
        nav.getByRole('link', { name: 'Register Existing Component' }),
      ).toBeVisible();
    } else {
      await expect(
        nav.getByRole('link', { name: 'Roles', exact: true }),
      ).toHaveCount(0);
      await expect(
        nav.getByRole('link', { name: 'Register Existing Component' }),
      ).toHaveCount(0);
    }
    await screenshot(page, `catalog-${person.name}`);

    // A component page opens, with its owner and system.
    await table.getByRole('link', { name: 'JupyterHub' }).click();
    await expect(
      page.getByRole('heading', { name: 'JupyterHub' }).first(),
    ).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'Data-science platform' }).first(),
    ).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'Platform operations' }).first(),
    ).toBeVisible();
    await screenshot(page, `component-${person.name}`);
  });
}

test('a reload keeps the person signed in; signing out offers the picker again', async ({
  page,
}) => {
  await signInAs(page, demoPeople[0]);
  await page.reload();
  await expect(
    sidebar(page).getByRole('link', { name: 'Settings' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: /Sign in as/ })).toHaveCount(0);

  await page.goto('/settings');
  await expect(page.getByText('Ada Lovelace').first()).toBeVisible();
  await page.getByRole('button', { name: 'more' }).click();
  await page.getByRole('menuitem', { name: 'Sign Out' }).click();

  // Switch to another person.
  await signInAs(page, demoPeople[1]);
  await page.goto('/settings');
  await expect(page.getByText('Grace Hopper').first()).toBeVisible();
});
