import {
  expect,
  test,
  type Browser,
  type APIRequestContext,
  type Page,
} from '@playwright/test';
import { demoPeople, screenshot, sidebar, signInAs, tokenFor } from './helpers';

const [ada, grace, margaret] = demoPeople;
type Person = (typeof demoPeople)[number];

const imagenet = 'resource:default/imagenet-2025';
const clinicalTrials = 'resource:default/clinical-trials-2026';

/** A page of its own, signed in as `person` (each person has their own browser context). */
async function pageOf(browser: Browser, person: Person): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, person);
  return page;
}

/** The Access tab of a data source. */
async function openAccessTab(page: Page, name: string) {
  await page.goto(`/catalog/default/resource/${name}/access`);
  // Card titles are not headings to assistive tech (Backstage's InfoCard).
  await expect(
    page.getByText('How a workspace reaches it', { exact: true }),
  ).toBeVisible();
}

async function requestAccess(page: Page, source: string, reason: string) {
  await openAccessTab(page, source);
  await expect(
    page.getByText('You have no access: your workspaces do not get this data.'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Request access' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Reason' }).fill(reason);
  await dialog.getByRole('button', { name: 'Send request' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('list', { name: 'My requests' })).toContainText(
    'Pending',
  );
}

/** Approves, on the Access page, the open request of `requester` for `source`. */
async function approveOnAccessPage(
  page: Page,
  requester: string,
  source: string,
) {
  await sidebar(page).getByRole('link', { name: 'Data access' }).click();
  await expect(page).toHaveURL(/\/data-access$/);
  await page
    .getByRole('button', {
      name: `Approve the request of user:${requester} for ${source}`,
    })
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await expect(dialog).toBeHidden();
}

/** Ends the grants this spec's approvals made, so later specs launch as before. */
async function endGrantsOf(
  request: APIRequestContext,
  source: string,
  subject: string,
) {
  const headers = {
    authorization: `Bearer ${await tokenFor(request, 'margaret')}`,
  };
  const name = source.split('/')[1];
  const res = await request.get(`/api/data-access/sources/default/${name}`, {
    headers,
  });
  expect(res.status()).toBe(200);
  const { grants } = (await res.json()) as {
    grants: Array<{ id: string; subject: string; implicit?: boolean }>;
  };
  for (const grant of grants.filter(
    g => g.subject === subject && !g.implicit,
  )) {
    const ended = await request.post(
      `/api/data-access/grants/${grant.id}/end`,
      { headers, data: { reason: 'end of the browser test' } },
    );
    expect(ended.status()).toBe(200);
  }
}

test.describe.serial('data access', () => {
  test.afterAll(async ({ request }) => {
    await endGrantsOf(request, imagenet, 'user:default/grace');
    await endGrantsOf(request, clinicalTrials, 'user:default/ada');
  });

  test('the Access page shows data sources by group, filtered by sensitivity', async ({
    page,
  }) => {
    await signInAs(page, ada);
    await sidebar(page).getByRole('link', { name: 'Data access' }).click();
    await expect(page).toHaveURL(/\/data-access$/);

    const trials = page
      .getByRole('row')
      .filter({ hasText: 'Clinical trials 2026' });
    await expect(trials).toContainText('restricted');
    await expect(trials).toContainText('Shared folder');
    // Each team's Nebari shared folder: read-write for the team, a column per team.
    await expect(
      page.getByRole('columnheader', { name: 'team-vision', exact: true }),
    ).toBeVisible();
    const visionFolder = page
      .getByRole('row')
      .filter({ hasText: "the group's own folder" })
      .first();
    await expect(visionFolder).toContainText('Read-write');
    await screenshot(page, 'data-access-matrix');

    await page.getByLabel('Sensitivity').click();
    await page.getByRole('option', { name: 'restricted' }).click();
    await expect(page.getByText('Data sources (1)')).toBeVisible();
    await expect(trials).toBeVisible();
    await expect(
      page.getByRole('row').filter({ hasText: 'ImageNet 2025 subset' }),
    ).toHaveCount(0);
    await screenshot(page, 'data-access-matrix-restricted');
  });

  test("a data scientist asks for the owner team's data with a reason; a member of the owning team approves; the access shows", async ({
    browser,
  }) => {
    const gracePage = await pageOf(browser, grace);
    await requestAccess(
      gracePage,
      'imagenet-2025',
      'Compare microscopy embeddings with the ImageNet features',
    );
    await screenshot(gracePage, 'data-access-request-sent');

    // Ada is in team-vision, which owns the folder: an owner, not an admin.
    const adaPage = await pageOf(browser, ada);
    await sidebar(adaPage).getByRole('link', { name: 'Data access' }).click();
    const request = adaPage
      .getByRole('row')
      .filter({ hasText: 'Compare microscopy embeddings' });
    await expect(request).toContainText('Pending');
    await screenshot(adaPage, 'data-access-requests-to-decide');
    await approveOnAccessPage(adaPage, 'grace', 'imagenet-2025');
    await expect(request).toHaveCount(0);

    await openAccessTab(gracePage, 'imagenet-2025');
    await expect(
      gracePage.getByText(
        'You have read access: your workspaces get this data at launch.',
      ),
    ).toBeVisible();
    await expect(
      gracePage.getByRole('list', { name: 'My requests' }),
    ).toContainText('Approved');
    await screenshot(gracePage, 'data-access-granted');
  });

  test('a restricted source needs an admin after its owner: the owner approves, then an admin', async ({
    browser,
  }) => {
    const adaPage = await pageOf(browser, ada);
    await requestAccess(
      adaPage,
      'clinical-trials-2026',
      'Validate the outcome model on the 2026 cohort',
    );

    const gracePage = await pageOf(browser, grace);
    await openAccessTab(gracePage, 'clinical-trials-2026');
    await expect(
      gracePage.getByText("restricted: needs an admin's approval too"),
    ).toBeVisible();
    await approveOnAccessPage(gracePage, 'ada', 'clinical-trials-2026');

    await openAccessTab(adaPage, 'clinical-trials-2026');
    await expect(
      adaPage.getByRole('list', { name: 'My requests' }),
    ).toContainText("Approved by the owner; waiting for an admin's approval");
    await expect(
      adaPage.getByText(
        'You have no access: your workspaces do not get this data.',
      ),
    ).toBeVisible();
    await screenshot(adaPage, 'data-access-owner-approved');

    const margaretPage = await pageOf(browser, margaret);
    await approveOnAccessPage(margaretPage, 'ada', 'clinical-trials-2026');
    await expect(
      margaretPage.getByText('Held without access', { exact: true }),
    ).toBeVisible();
    await screenshot(margaretPage, 'data-access-admin');

    await openAccessTab(adaPage, 'clinical-trials-2026');
    await expect(
      adaPage.getByText(
        'You have read access: your workspaces get this data at launch.',
      ),
    ).toBeVisible();
    await screenshot(adaPage, 'data-access-restricted-granted');
  });

  test("an owner grants a team from the matrix (a past expiry refused with the backend's reason), then ends it", async ({
    page,
  }) => {
    // Ada owns the ImageNet subset through team-vision; she is not an admin.
    await signInAs(page, ada);
    await sidebar(page).getByRole('link', { name: 'Data access' }).click();
    await page
      .getByRole('button', { name: 'Grant access to imagenet-2025' })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByRole('textbox', { name: /Group or person/ })
      .fill('genomics');
    await page
      .getByRole('option', { name: /\(group:default\/team-genomics\)/ })
      .click();
    await dialog.getByLabel('Last day of access (optional)').fill('2020-01-31');
    await dialog.getByRole('button', { name: 'Grant' }).click();
    await expect(dialog.getByRole('alert')).toContainText('2020');
    await screenshot(page, 'data-access-grant-refused');

    await dialog.getByLabel('Last day of access (optional)').fill('2030-06-30');
    await dialog.getByRole('button', { name: 'Grant' }).click();
    await expect(dialog).toBeHidden();
    const cell = page.getByRole('button', {
      name: /^Change or end the access of team-genomics to imagenet-2025/,
    });
    await expect(cell).toHaveText('Read through 2030-06-30');
    await screenshot(page, 'data-access-granted-from-matrix');

    await cell.click();
    // The dialog starts from the grant as it is: the day given, not the stored midnight.
    await expect(
      dialog.getByLabel('Last day of access (optional)'),
    ).toHaveValue('2030-06-30');
    await dialog.getByRole('button', { name: 'End access' }).click();
    await expect(dialog).toBeHidden();
    await expect(
      page.getByRole('button', {
        name: 'Grant team-genomics access to imagenet-2025',
      }),
    ).toHaveText('—');
  });
});
