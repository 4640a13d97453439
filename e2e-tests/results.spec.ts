import { expect, test, type Page } from '@playwright/test';
import { demoPeople, screenshot, signInAs } from './helpers';

const [ada] = demoPeople;

/** The flags the hostile notebook's payloads would set if any of them ran. */
const FLAGS = [
  '__pwnedMarkdown',
  '__pwnedScript',
  '__pwnedOnerror',
  '__pwnedLink',
  '__pwnedSvg',
  '__pwnedSvgScript',
];

const hostileNotebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { language_info: { name: 'python' } },
  cells: [
    {
      id: 'md',
      cell_type: 'markdown',
      metadata: {},
      source:
        '# Hostile report\n\n[markdown link](javascript:window.__pwnedMarkdown=1)\n\n<img src="x" onerror="window.__pwnedMarkdown=1">',
    },
    {
      id: 'html',
      cell_type: 'code',
      metadata: {},
      execution_count: 1,
      source: 'display(HTML(payload))',
      outputs: [
        {
          output_type: 'display_data',
          metadata: {},
          data: {
            'text/html': [
              '<p>HTML output</p>',
              '<script>window.__pwnedScript=1</script>',
              '<img src="/does-not-exist.png" onerror="window.__pwnedOnerror=1">',
              '<a id="hostile-link" href="javascript:window.__pwnedLink=1">hostile link</a>',
            ],
          },
        },
      ],
    },
    {
      id: 'svg',
      cell_type: 'code',
      metadata: {},
      execution_count: 2,
      source: 'display(SVG(payload))',
      outputs: [
        {
          output_type: 'display_data',
          metadata: {},
          data: {
            'image/svg+xml':
              '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" onload="window.__pwnedSvg=1"><script>window.__pwnedSvgScript=1</script><circle cx="20" cy="20" r="15" fill="teal"/></svg>',
          },
        },
      ],
    },
  ],
};

const hostileResult = {
  id: 'hostile',
  title: 'Hostile notebook',
  projectRef: null,
  ownerTeamRef: null,
  authorRef: 'user:default/ada',
  visibility: 'private',
  sharedWith: [],
  notebookPath: 'hostile.ipynb',
  repository: 'personal-ada',
  latestVersion: 1,
  reviewState: 'none',
  createdAt: '2026-12-01T10:00:00Z',
  updatedAt: '2026-12-01T10:00:00Z',
};

/**
 * Answers the results API for one made-up result with the hostile notebook, so the
 * proof depends on the renderer alone (the real backend would refuse nothing here:
 * the notebook is valid nbformat).
 */
async function serveHostileResult(
  page: Page,
  notebook: unknown = hostileNotebook,
) {
  const json = (body: unknown) => ({
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify(body),
  });
  await page.route('**/api/results/results/hostile**', route => {
    const url = new URL(route.request().url());
    const path = url.pathname.replace(/^.*\/results\/hostile/, '');
    if (path === '') return route.fulfill(json(hostileResult));
    if (path === '/versions')
      return route.fulfill(
        json({
          items: [
            {
              resultId: 'hostile',
              version: 1,
              message: 'hostile',
              authorRef: 'user:default/ada',
              createdAt: '2026-12-01T10:00:00Z',
              commit: 'c0ffee',
              contentHash: 'h',
              sizeBytes: 1000,
              cellCount: 3,
              sourcePath: 'hostile.ipynb',
              provenance: {
                workspaceId: 'w',
                workspaceName: 'lab',
                environmentRef: null,
                environmentVersion: null,
                profile: null,
                options: {},
                codeCommit: null,
              },
            },
          ],
        }),
      );
    if (path === '/versions/1/notebook') return route.fulfill(json(notebook));
    return route.fulfill(json({ items: [] }));
  });
}

/** 2,000 cells with about 10 MB of outputs: a big notebook, rendered progressively. */
function bigNotebook() {
  const line = 'x'.repeat(99) + '\n';
  const cells = Array.from({ length: 2_000 }, (_, i) => ({
    id: `c${i}`,
    cell_type: 'code',
    metadata: {},
    execution_count: i + 1,
    source: `value_${i} = compute(${i})\nprint(value_${i})`,
    outputs: [
      {
        output_type: 'stream',
        name: 'stdout',
        // 5 KB per cell: 10 MB in all.
        text: `cell ${i} output\n${line.repeat(50)}`,
      },
    ],
  }));
  return { ...hostileNotebook, cells };
}

test.describe('results', () => {
  test("the real results list shows what one may see, and a result's report opens from it", async ({
    page,
  }) => {
    // Against the real backend (demo results): Ada's team result and Grace's result
    // shared with team-vision; not stubbed, so the page's query must be one the
    // backend accepts.
    await signInAs(page, demoPeople[0]);
    await page.goto('/results');
    const shared = page.getByRole('link', { name: 'Genome assembly quality' });
    await expect(shared).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'Cats vs dogs: first model' }),
    ).toBeVisible();
    await shared.click();
    await expect(
      page.getByRole('heading', { name: 'Genome assembly quality' }).first(),
    ).toBeVisible();
    await screenshot(page, 'results-real-report');
  });

  test('a hostile notebook executes nothing in Chromium', async ({ page }) => {
    const dialogs: string[] = [];
    page.on('dialog', dialog => {
      dialogs.push(dialog.message());
      dialog.dismiss();
    });
    await signInAs(page, ada);
    await serveHostileResult(page);
    await page.goto('/results/hostile');
    const report = page.getByRole('article', { name: 'Report' });
    await expect(
      report.getByRole('heading', { name: 'Hostile report' }),
    ).toBeVisible();
    await expect(report.getByText('HTML output')).toBeVisible();
    await expect(report.getByRole('img', { name: 'SVG output' })).toBeVisible();

    // Show the code too, then click the links a reader might click.
    await page.getByRole('button', { name: 'Notebook with code' }).click();
    const notebook = page.getByRole('article', { name: 'Notebook' });
    await expect(notebook.getByText('display(SVG(payload))')).toBeVisible();
    await notebook.getByText('hostile link').click();
    await notebook.getByText('markdown link').click();
    // Let a broken image's error event and any timers fire.
    await page.waitForTimeout(1_000);
    await screenshot(page, 'results-hostile-notebook');

    const ran = await page.evaluate(
      flags => flags.filter(f => (window as any)[f] !== undefined),
      FLAGS,
    );
    expect(ran).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(await notebook.locator('script, [onerror], [onload]').count()).toBe(
      0,
    );
    expect(
      await notebook
        .locator('a')
        .evaluateAll(as => as.map(a => a.getAttribute('href') ?? '')),
    ).not.toContainEqual(expect.stringMatching(/^javascript:/i));
    await expect(page).toHaveURL(/\/results\/hostile$/);
  });

  test('a notebook of 2,000 cells and 10 MB renders in batches without freezing the page', async ({
    page,
  }) => {
    await signInAs(page, ada);
    await serveHostileResult(page, bigNotebook());
    // Long tasks (main thread busy over 50 ms) while the notebook renders.
    await page.addInitScript(() => {
      (window as any).__longTasks = [];
      new PerformanceObserver(list => {
        for (const e of list.getEntries())
          (window as any).__longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    const started = Date.now();
    await page.goto('/results/hostile');
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: /Rendering [\d,]+ of 2,000 cells/ }),
    ).toBeVisible();
    const firstBatchMs = Date.now() - started;
    // From here on only the batches run: the app's own start (evaluating its bundle,
    // parsing the 10 MB response) is not what this measures.
    await page.evaluate(() => {
      (window as any).__longTasks = [];
    });
    // The page answers between batches: each evaluate runs only when the main thread
    // is free, so several different counts seen mean it was given back between them
    // (one 2,000-cell render would show the first count, then none).
    const counts = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const text: string = await page.evaluate(
        () => document.querySelector('[role="status"]')?.textContent ?? '',
      );
      const count = /Rendering ([\d,]+) of/.exec(text)?.[1];
      if (!count) break;
      counts.add(count);
    }
    await expect(page.getByText('cell 1999 output')).toBeAttached({
      timeout: 120_000,
    });
    expect(counts.size).toBeGreaterThanOrEqual(3);
    const allMs = Date.now() - started;
    await expect(
      page.getByRole('status').filter({ hasText: /Rendering/ }),
    ).toHaveCount(0);
    const longTasks: number[] = await page.evaluate(
      () => (window as any).__longTasks,
    );
    const longest = Math.max(0, ...longTasks);
    // Figures for the report only: a time bound here would measure the machine's load
    // (it failed at 1,070 ms in CI); progress seen between batches is the check above.
    console.log(
      `big notebook: progress shown after ${firstBatchMs} ms, all 2,000 cells after ${allMs} ms, ${
        longTasks.length
      } long tasks, longest ${Math.round(longest)} ms, ${
        counts.size
      } different counts seen while rendering`,
    );
    await screenshot(page, 'results-big-notebook');
  });
});
