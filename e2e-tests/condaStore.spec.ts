import { expect, test } from '@playwright/test';
import { demoPeople, screenshot, signInAs } from './helpers';

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
