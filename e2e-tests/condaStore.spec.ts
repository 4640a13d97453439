import { expect, test } from '@playwright/test';
import { demoPeople, screenshot, sidebar, signInAs } from './helpers';

const [ada] = demoPeople;

/**
 * conda-store's environments in the catalog, from the demo conda-store that
 * scripts/start.sh runs (the conda-store API test server, demo seed): Team Vision's
 * training environment with its builds, the failed one's solver message picked out.
 */
test('a conda-store environment shows its builds and why one failed', async ({
  page,
}) => {
  await signInAs(page, ada);
  // The provider syncs shortly after the backend starts: retry until the entity is in.
  await expect(async () => {
    await page.goto('/catalog/default/resource/team-vision-vision-training');
    await expect(page.getByText('conda-store builds')).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 90_000 });
  await expect(
    page.getByText('team-vision/vision-training: 3 builds'),
  ).toBeVisible();
  const rows = page.getByRole('row');
  await expect(rows.filter({ hasText: '(current)' })).toContainText(
    'completed',
  );
  await expect(rows.filter({ hasText: 'failed' })).toHaveCount(1);
  await expect(
    page.getByText(
      /Build #\d+ failed: the solver could not resolve the specification/,
    ),
  ).toBeVisible();
  await expect(page.getByLabel(/Why build \d+ failed/)).toHaveText(
    [
      'Could not solve for environment specs',
      'The following package could not be installed',
      '└─ scikit-imagee does not exist (perhaps a typo or a missing channel).',
    ].join('\n'),
  );
  // Owned by the team (its catalog group), the unpinned specification shown as written.
  await expect(
    page.getByRole('link', { name: 'Computer vision team' }).first(),
  ).toBeVisible();
  await expect(page.getByText('- scikit-image', { exact: true })).toBeVisible();
  await screenshot(page, 'conda-store-environment');
});

const linus = demoPeople.find(p => p.name === 'linus')!;

async function openVisionTraining(page: import('@playwright/test').Page) {
  await expect(async () => {
    await page.goto('/catalog/default/resource/team-vision-vision-training');
    await expect(page.getByText('conda-store builds')).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 90_000 });
}

test("a conda-store build's log, packages and the comparison of two builds", async ({
  page,
}) => {
  await signInAs(page, ada);
  await openVisionTraining(page);
  const failedRow = page.getByRole('row').filter({ hasText: 'failed' });
  await failedRow.getByRole('button', { name: /Log of build \d+/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(
    dialog.getByText('The solver could not resolve the specification'),
  ).toBeVisible();
  // Marked where it sits in the log, inside conda-lock's traceback.
  await expect(dialog.locator('mark')).toContainText(
    '└─ scikit-imagee does not exist (perhaps a typo or a missing channel).',
  );
  await expect(dialog.getByLabel(/conda-store log of build/)).toContainText(
    'Traceback',
  );
  await screenshot(page, 'conda-store-build-log');
  await dialog.getByRole('button', { name: 'Close' }).click();

  const current = page.getByRole('row').filter({ hasText: '(current)' });
  await current.getByRole('button', { name: /Packages of build/ }).click();
  await expect(dialog.getByText(/^\d+ packages$/)).toBeVisible();
  await dialog.getByPlaceholder('Filter').fill('torch');
  await expect(
    dialog.getByRole('cell', { name: 'pytorch', exact: true }),
  ).toBeVisible();
  await expect(
    dialog.getByRole('cell', { name: 'python', exact: true }),
  ).toHaveCount(0);
  await screenshot(page, 'conda-store-build-packages');
  await dialog.getByRole('button', { name: 'Close' }).click();

  await current.getByRole('button', { name: /Compare build/ }).click();
  await expect(dialog.getByText(/^From build #\d+ to #\d+$/)).toBeVisible();
  await expect(
    dialog.getByRole('row').filter({ hasText: 'scikit-image' }),
  ).toContainText('added');
  await screenshot(page, 'conda-store-build-compare');
});

test('data scientists have no Environments item in the sidebar', async ({
  page,
}) => {
  await signInAs(page, ada);
  await expect(
    sidebar(page).getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
  await expect(
    sidebar(page).getByRole('link', { name: 'Environments' }),
  ).toHaveCount(0);
});

test("DevOps see conda-store's sprawl on the Environments page", async ({
  page,
}) => {
  await signInAs(page, linus);
  await sidebar(page).getByRole('link', { name: 'Environments' }).click();
  await expect(page).toHaveURL(/\/environments$/);
  await expect(
    page.getByText(/environments with \d+ builds in \d+ namespaces use/),
  ).toBeVisible();
  const namespaces = page.getByRole('table').first();
  for (const name of ['global', 'team-vision', 'team-genomics']) {
    await expect(
      namespaces.getByRole('cell', { name, exact: true }),
    ).toBeVisible();
  }
  await expect(
    page.getByRole('heading', { name: 'Failed builds, newest first' }),
  ).toBeVisible();
  // The first: the builds workspaces used may list it too.
  await expect(
    page.getByRole('cell', { name: 'vision-training' }).first(),
  ).toBeVisible();
  // The portal's workspaces backend says which builds workspaces used.
  await expect(
    page.getByRole('heading', {
      name: 'Environments no workspace used in 90 days',
    }),
  ).toBeVisible();
  await screenshot(page, 'conda-store-overview');
});
