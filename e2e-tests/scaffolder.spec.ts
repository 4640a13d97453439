import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { demoPeople, screenshot, sidebar, signInAs, tokenFor } from './helpers';

const [ada] = demoPeople;
// Repositories outlive the suite's database (app-config.e2e.yaml): a fresh name per run.
const name = `analysis-${Date.now().toString(36)}`;

test('a data scientist scaffolds a Python analysis project and opens it in the catalog', async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  await signInAs(page, ada);
  await sidebar(page)
    .getByRole('link', { name: /Create/ })
    .click();
  await expect(page).toHaveURL(/\/create/);
  // Template cards (MUI cards, no landmark role of their own).
  const templateCard = (title: string) =>
    page.locator('.MuiCard-root').filter({ hasText: title });
  const card = templateCard('Python analysis project');
  await expect(card).toBeVisible();
  await expect(templateCard('R project')).toBeVisible();
  await expect(templateCard('GPU deep-learning project')).toBeVisible();
  await screenshot(page, 'scaffolder-templates');
  await card.getByRole('button', { name: 'Choose' }).click();

  // Step 1: the project. A name that breaks the rule is refused by the form.
  await page.getByLabel('Name').fill('Bad Name!');
  // Options show the teams' titles ("Computer vision team").
  await page.getByLabel('Owner team').fill('vision');
  await page
    .getByRole('option', { name: /vision/i })
    .first()
    .click();
  await page
    .getByLabel('Description')
    .fill('Which penguins live where: a first look');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.locator('#root_name__error')).toContainText(
    'must match pattern',
  );
  await screenshot(page, 'scaffolder-name-refused');
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 2: environment and workspace. Only current versions are offered: 2025.05 is
  // deprecated, so 2026.11 is the one choice and the picker fills it in.
  const environment = page.getByLabel('Environment version');
  await expect(environment).toHaveValue(
    'resource:default/python-data-science-2026.11',
  );
  await expect(environment).toBeDisabled();
  await screenshot(page, 'scaffolder-environment');
  await expect(page.getByLabel('Launch a workspace now')).toBeChecked();
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 3: where to publish (this portal's git by default), then review and create.
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByText(name).first()).toBeVisible();
  await screenshot(page, 'scaffolder-review');
  await page.getByRole('button', { name: 'Create' }).click();

  // The task page: every step finishes, then the output links appear.
  const openInCatalog = page.getByRole('link', { name: 'Open in catalog' });
  await expect(openInCatalog).toBeVisible({ timeout: 120_000 });
  await expect(
    page.getByRole('link', { name: 'Workspace', exact: true }),
  ).toHaveAttribute('href', `/catalog/default/component/${name}/workspaces`);
  await expect(
    page.getByRole('link', { name: /Open the notebook/ }),
  ).toHaveAttribute('href', new RegExp(`/user/ada/${name}/$`));
  await expect(page.getByText(/git clone file:\/\//)).toBeVisible();
  await screenshot(page, 'scaffolder-task-done');

  // The repository exists on the portal's machine, with one commit by ada.
  const repo = join(
    process.env.ATRIUM_E2E_DATA_DIR!,
    'git',
    'team-vision',
    `${name}.git`,
  );
  expect(
    execFileSync('git', ['--git-dir', repo, 'log', '--format=%an|%s', 'main'], {
      encoding: 'utf8',
    }).trim(),
  ).toBe('Ada Lovelace|Scaffolded from python-analysis 1.0.0');

  // The catalog has the project with the contract's annotations, readable by ada.
  const entity = await request.get(
    `/api/catalog/entities/by-name/component/default/${name}`,
    {
      headers: { authorization: `Bearer ${await tokenFor(request, 'ada')}` },
    },
  );
  expect(entity.status()).toBe(200);
  expect((await entity.json()).metadata.annotations).toMatchObject({
    'atrium.io/environment': 'resource:default/python-data-science-2026.11',
    'atrium.io/workspace-profile': 'small',
    'atrium.io/template': 'template:default/python-analysis@1.0.0',
    'atrium.io/git-repository': `file://${repo}`,
  });

  // "Open in catalog": the new project's page, with its environment.
  await openInCatalog.click();
  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/component/${name}`),
  );
  await expect(
    page.getByRole('heading', { name, exact: false }).first(),
  ).toBeVisible();
  // The environments plugin's card names the version the project pins.
  await expect(
    page.getByRole('link', { name: 'Python data science 2026.11' }),
  ).toBeVisible();
  await screenshot(page, 'scaffolder-project-page');
  // And the entity's YAML holds the annotations and where the catalog reads it from.
  await page.getByRole('button', { name: 'more' }).click();
  await page.getByRole('menuitem', { name: /Inspect entity/ }).click();
  const inspector = page.getByRole('dialog');
  await inspector.getByRole('tab', { name: /yaml/i }).click();
  await expect(
    inspector.getByText('resource:default/python-data-science-2026.11'),
  ).toBeVisible();
  await expect(inspector.getByText(`atrium-git:file://`).first()).toBeVisible();
  await screenshot(page, 'scaffolder-project-yaml');
});
