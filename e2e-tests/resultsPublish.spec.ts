import { expect, test } from '@playwright/test';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoPeople, screenshot, signInAs, tokenFor } from './helpers';

const [ada] = demoPeople;

/** Ada's home on the suite's demo hub (dev/jupyterhub: `<state dir>/homes/<user>`). */
const adaHome = join(process.env.ATRIUM_E2E_DATA_DIR!, 'jupyterhub', 'homes', 'ada');

test.describe('results from a live workspace', () => {
  test('publish a notebook from a running workspace, read it, and reproduce it with its notebook', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    const suffix = Date.now().toString(36);
    const title = `Churn e2e ${suffix}`;
    await signInAs(page, ada);
    const headers = {
      authorization: `Bearer ${await tokenFor(page.request, ada.name)}`,
    };
    const created = await page.request.post('/api/workspaces/workspaces', {
      headers,
      data: { name: `pub-${suffix}`, profile: 'small' },
    });
    expect(created.status()).toBe(201);
    const workspace = await created.json();
    const workspaceIds: string[] = [workspace.id];
    try {
      await expect
        .poll(
          async () =>
            (
              await (
                await page.request.get(`/api/workspaces/workspaces/${workspace.id}`, { headers })
              ).json()
            ).status,
          { timeout: 90_000 },
        )
        .toBe('running');

      // A notebook saved in the workspace, as Jupyter writes it.
      mkdirSync(join(adaHome, 'e2e'), { recursive: true });
      writeFileSync(
        join(adaHome, 'e2e', `churn-${suffix}.ipynb`),
        JSON.stringify({
          nbformat: 4,
          nbformat_minor: 5,
          metadata: { kernelspec: { name: 'python3', display_name: 'Python 3' } },
          cells: [
            { id: 'intro', cell_type: 'markdown', metadata: {}, source: `# Churn doubled ${suffix}\n\nThe rate went from $0.1$ to $0.2$.` },
            {
              id: 'rate',
              cell_type: 'code',
              metadata: {},
              execution_count: 1,
              source: 'rate = 0.2\nprint(rate)',
              outputs: [{ output_type: 'stream', name: 'stdout', text: '0.2\n' }],
            },
          ],
        }),
      );

      await page.goto(`/results/publish?workspace=${workspace.id}`);
      await page.getByRole('radio', { name: new RegExp(`e2e/churn-${suffix}\\.ipynb`) }).check();
      await page.getByRole('textbox', { name: 'Title' }).fill(title);
      await page.getByRole('textbox', { name: 'Message' }).fill('First look at churn');
      await page.getByRole('button', { name: 'Publish', exact: true }).click();

      // The result's page: the notebook as a report, rendered from the committed version.
      await expect(page.getByText('Published version 1.')).toBeVisible();
      await expect(page.getByRole('heading', { name: `Churn doubled ${suffix}` })).toBeVisible();
      await expect(page.getByRole('region', { name: 'Cell 2' }).getByText('0.2')).toBeVisible();
      await screenshot(page, 'results-published-from-workspace');

      // Reproduce version 1: a new workspace as it ran, with the notebook put in it.
      await page.getByRole('tab', { name: /^Versions/ }).click();
      await page.getByRole('button', { name: 'Reproduce version 1' }).click();
      await expect(page.getByRole('progressbar', { name: 'Reproducing version 1' })).toBeVisible();
      const copied = page.getByText(/with its notebook at/);
      await expect(copied).toBeVisible({ timeout: 120_000 });
      const copiedPath = await copied.locator('code').textContent();
      expect(copiedPath).toMatch(new RegExp(`^results/churn-e2e-${suffix}-v1(-\\d+)?\\.ipynb$`));
      await screenshot(page, 'results-reproduced-with-notebook');
      expect(existsSync(join(adaHome, copiedPath!))).toBe(true);
      const written = JSON.parse(readFileSync(join(adaHome, copiedPath!), 'utf8'));
      expect([written.cells[1].source].flat().join('')).toBe('rate = 0.2\nprint(rate)');

      const mine = await (
        await page.request.get('/api/workspaces/workspaces', { headers })
      ).json();
      const reproduced = (mine.items ?? mine).find(
        (w: { name: string }) => w.name.startsWith(`pub-${suffix}-v1-`),
      );
      expect(reproduced).toBeDefined();
      workspaceIds.push(reproduced.id);
    } finally {
      // The demo hub allows 5 servers per person: leave none behind.
      for (const id of workspaceIds) {
        await page.request.delete(`/api/workspaces/workspaces/${id}`, { headers });
      }
    }
  });
});
