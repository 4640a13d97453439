import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { demoPeople, screenshot, sidebar, signInAs, tokenFor } from './helpers';

const [ada, , margaret] = demoPeople;
const teamVision = 'group:default/team-vision';

async function openCosts(page: Page) {
  await sidebar(page).getByRole('link', { name: 'Costs', exact: true }).click();
  await expect(page).toHaveURL(/\/costs$/);
}

/** The cost report card, once its chart has figures. */
function costChart(page: Page) {
  return page.getByRole('figure', { name: /^Cost per (day|month) by / });
}

test.describe.serial('costs, budgets and quotas', () => {
  // What app-config seeds for team-vision, put back at the end: later specs launch
  // workspaces as ada, whom a used-up budget or a GPU quota of 0 would refuse.
  let seeded: { budget?: unknown; quota?: unknown } = {};

  test.beforeAll(async ({ request }) => {
    const token = await tokenFor(request, 'margaret');
    const headers = { authorization: `Bearer ${token}` };
    const budgets = await (
      await request.get('/api/costs/budgets', { headers })
    ).json();
    const quotas = await (
      await request.get('/api/costs/quotas', { headers })
    ).json();
    seeded = {
      budget: budgets.find(
        (b: { subjectRef: string }) => b.subjectRef === teamVision,
      ),
      quota: quotas.find(
        (q: { subjectRef: string }) => q.subjectRef === teamVision,
      ),
    };
  });

  test.afterAll(async ({ request }) => {
    const token = await tokenFor(request, 'margaret');
    const headers = { authorization: `Bearer ${token}` };
    const restore = async (
      kind: 'budgets' | 'quotas',
      spec: Record<string, unknown> | undefined,
      keys: string[],
    ) => {
      if (spec) {
        const body = Object.fromEntries(
          keys
            .filter(k => spec[k] !== undefined && spec[k] !== null)
            .map(k => [k, spec[k]]),
        );
        const res = await request.put(`/api/costs/${kind}`, {
          headers,
          data: body,
        });
        expect(res.status()).toBe(200);
      } else {
        await request.delete(
          `/api/costs/${kind}?subjectRef=${encodeURIComponent(teamVision)}`,
          { headers },
        );
      }
    };
    await restore('budgets', seeded.budget as Record<string, unknown>, [
      'subjectRef',
      'monthlyAmount',
    ]);
    await restore('quotas', seeded.quota as Record<string, unknown>, [
      'subjectRef',
      'maxCpu',
      'maxMemoryGiB',
      'maxGpu',
      'maxRunningWorkspaces',
    ]);
  });

  test('an admin sees cost charts of the demo data, top spenders, bills and idle waste', async ({
    page,
  }) => {
    await signInAs(page, margaret);
    await openCosts(page);
    await expect(costChart(page)).toBeVisible();
    // Recharts draws each non-zero stacked bar as an SVG path once it has a size.
    await expect(
      costChart(page).locator('path.recharts-rectangle').first(),
    ).toBeVisible();
    await expect(page.getByText('Demo data').first()).toBeVisible();
    await expect(page.getByText('Top spenders')).toBeVisible();
    await expect(page.getByText('Metered by Atrium')).toBeVisible();
    await expect(page.getByText(/^Idle waste: \$/)).toBeVisible();
    await screenshot(page, 'costs-admin-overview');

    // Group by person over twelve months: one bar a month.
    await page
      .getByRole('group', { name: 'Group by' })
      .getByRole('button', { name: 'Person' })
      .click();
    await page.getByLabel('Period').first().selectOption('last-12-months');
    await expect(
      page.getByRole('figure', { name: /^Cost per month by person/ }),
    ).toBeVisible();
    await expect(
      page.getByRole('cell', { name: /Ada Lovelace|ada/ }).first(),
    ).toBeVisible();
    await screenshot(page, 'costs-admin-by-person-12-months');

    // The CSV of the same query downloads with the signed-in person's credentials.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(
      /^atrium-costs-by-user-\d{4}-\d{2}-01-to-.*\.csv$/,
    );
    expect(readFileSync(await file.path(), 'utf8')).toMatch(
      /^date,key,label,amount,hours,currency\r?\n/,
    );
  });

  test('an admin sets a budget and a GPU quota of 0 for team-vision', async ({
    page,
  }) => {
    await signInAs(page, margaret);
    await openCosts(page);

    await page.getByRole('button', { name: 'Set budget' }).click();
    const budgetDialog = page.getByRole('dialog', { name: 'Set a budget' });
    await budgetDialog.getByLabel('Monthly budget').fill('0');
    await expect(
      budgetDialog.getByText('The amount must be above 0'),
    ).toBeVisible();
    await budgetDialog.getByLabel('User or group').fill('team-vision');
    await page
      .getByRole('option', { name: /\(group:default\/team-vision\)/ })
      .click();
    await budgetDialog.getByLabel('Monthly budget').fill('5000');
    await screenshot(page, 'costs-set-budget-dialog');
    await budgetDialog.getByRole('button', { name: 'Save budget' }).click();
    await expect(budgetDialog).toBeHidden();
    const budgetRow = page.getByRole('row').filter({
      has: page.getByRole('button', {
        name: 'Edit the budget of team-vision',
      }),
    });
    await expect(budgetRow.getByText('$5,000.00')).toBeVisible();

    await page
      .getByRole('button', { name: 'Edit the quota of team-vision' })
      .click();
    const quotaDialog = page.getByRole('dialog', {
      name: 'Edit the quota of team-vision',
    });
    await quotaDialog.getByLabel('Max GPUs').fill('0.5');
    await expect(quotaDialog.getByText('Must be a whole number')).toBeVisible();
    await quotaDialog.getByLabel('Max GPUs').fill('0');
    await screenshot(page, 'costs-edit-quota-dialog');
    await quotaDialog.getByRole('button', { name: 'Save quota' }).click();
    await expect(quotaDialog).toBeHidden();
    const quotaRow = page.getByRole('row').filter({
      has: page.getByRole('button', {
        name: 'Edit the quota of team-vision',
      }),
    });
    await expect(quotaRow.getByText(/^0 \/ 0$/)).toBeVisible();
    await screenshot(page, 'costs-budgets-and-quotas');
  });

  test('a data scientist sees her month, and the launch dialog prices the GPU profile and refuses it in advance', async ({
    page,
  }) => {
    await signInAs(page, ada);
    await openCosts(page);
    await expect(page.getByText('My usage this month')).toBeVisible();
    await expect(
      page.getByText(/^Group team-vision: \$[\d,.]+ left of \$5,000\.00$/),
    ).toBeVisible();
    await expect(page.getByText('GPU 0 of 0 free')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Set budget' })).toHaveCount(
      0,
    );
    await expect(costChart(page)).toBeVisible();
    await screenshot(page, 'costs-data-scientist');

    // The launch dialog asks the costs plugin through the workspaces admission preview.
    await sidebar(page)
      .getByRole('link', { name: 'Workspaces', exact: true })
      .click();
    await page.getByRole('button', { name: 'New workspace' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Profile').click();
    await page.getByRole('option', { name: /GPU Instance/ }).click();
    await expect(dialog.getByText(/\$\d+\.\d\d per hour/)).toBeVisible();
    const refusal = dialog.getByText(/0 of 0 GPUs?.*ask an admin/);
    await expect(refusal).toBeVisible();
    // The dialog scrolls: bring the refusal into the screenshot.
    await refusal.scrollIntoViewIfNeeded();
    await screenshot(page, 'costs-launch-gpu-refused');
  });

  test("a group's Costs tab shows its members' costs, and outsiders are told who may see them", async ({
    page,
  }) => {
    await signInAs(page, ada);
    await page.goto('/catalog/default/group/team-vision/costs');
    await expect(costChart(page)).toBeVisible();
    await screenshot(page, 'costs-group-tab-member');
    await page.goto('/catalog/default/group/team-genomics/costs');
    await expect(
      page.getByText(/^Only members of .+ and admins see its costs\.$/),
    ).toBeVisible();
    await screenshot(page, 'costs-group-tab-outsider');

    // A project of her team: its cost by person.
    await page.goto('/catalog/default/component/cats-vs-dogs/costs');
    await expect(
      page.getByRole('figure', { name: /^Cost per day by person/ }),
    ).toBeVisible();
    await screenshot(page, 'costs-project-tab');
  });

  test('the admin sees the cost charts again, by project', async ({ page }) => {
    await signInAs(page, margaret);
    await openCosts(page);
    await page
      .getByRole('group', { name: 'Group by' })
      .getByRole('button', { name: 'Project' })
      .click();
    await expect(
      page.getByRole('figure', { name: /by project/ }),
    ).toBeVisible();
    await screenshot(page, 'costs-admin-by-project');
  });
});
