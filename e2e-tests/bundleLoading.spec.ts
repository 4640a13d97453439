import { expect, test, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { demoPeople, sidebar } from './helpers';

const [ada] = demoPeople;

/**
 * Text only one Atrium frontend plugin's components hold (pages, entity tabs, home
 * widgets): JavaScript that contains one of them is that plugin's code.
 */
const ATRIUM_MARKERS: Record<string, string[]> = {
  workspaces: [
    'Notebook workspaces on JupyterHub: launch, open, stop and delete them',
    'You have no workspaces yet.',
  ],
  costs: [
    'Monthly budgets per person and group',
    'No budgets are set. Set them on the Costs page.',
  ],
  audit: [
    'Who changed what in Atrium, when, from where',
    'Nothing has been audited yet.',
  ],
  roles: [
    'Every signed-in user not covered here is a data scientist',
    'Everyone belongs to a team.',
  ],
  'platform-health': [
    'All platform services are healthy.',
    'No cluster is configured.',
  ],
  environments: [
    'Newest first. A version never changes',
    'Neither you nor your teams own a project yet.',
  ],
};
const markers = Object.entries(ATRIUM_MARKERS).flatMap(([plugin, texts]) =>
  texts.map(text => ({ plugin, text })),
);

type Script = { url: string; body: Buffer };

/** Every JavaScript file the page downloads from now on, with its body. */
function recordScripts(page: Page) {
  const pending: Promise<Script | undefined>[] = [];
  page.on('response', response => {
    if (response.request().resourceType() !== 'script') return;
    pending.push(
      response.body().then(
        body => ({ url: response.url(), body }),
        () => undefined,
      ),
    );
  });
  return {
    /** What arrived since the last call. */
    async take(): Promise<Script[]> {
      const scripts = await Promise.all(pending.splice(0));
      return scripts.filter((s): s is Script => s !== undefined);
    },
  };
}

/** Compressed (gzip, as the backend serves them) size of scripts, in kB. */
const gzipKb = (scripts: Script[]) =>
  scripts.reduce((n, s) => n + gzipSync(s.body).length, 0) / 1000;

/** The Atrium plugins whose code is in these scripts, with where it was found. */
function atriumCodeIn(scripts: Script[]) {
  return scripts.flatMap(s => {
    const text = s.body.toString('utf8');
    return markers
      .filter(m => text.includes(m.text))
      .map(m => `${m.plugin} ("${m.text}") in ${new URL(s.url).pathname}`);
  });
}

test('the markers are in the built frontend, outside its entry chunk (so the checks below can fail)', () => {
  const dir = join(__dirname, '..', 'packages', 'app', 'dist', 'static');
  const files = readdirSync(dir).filter(f => f.endsWith('.js'));
  const contents = files.map(f => readFileSync(join(dir, f), 'utf8'));
  for (const { plugin, text } of markers) {
    const holders = files.filter((_, i) => contents[i].includes(text));
    expect({ plugin, text, found: holders.length > 0 }).toEqual({
      plugin,
      text,
      found: true,
    });
    // Not the entry chunk, which every page loads.
    expect(holders.filter(f => /^main\./.test(f))).toEqual([]);
  }
});

test('first visit: sign-in page and home page JavaScript, and no Atrium plugin code before sign-in', async ({
  page,
}) => {
  const scripts = recordScripts(page);
  await page.goto('/');
  await expect(
    page.getByRole('button', { name: `Sign in as ${ada.displayName}` }),
  ).toBeVisible();
  await page.waitForLoadState('networkidle');
  const signIn = await scripts.take();
  expect(atriumCodeIn(signIn)).toEqual([]);

  await page
    .getByRole('button', { name: `Sign in as ${ada.displayName}` })
    .click();
  await expect(page.getByText('My spend this month')).toBeVisible();
  await page.waitForLoadState('networkidle');
  const home = await scripts.take();
  // The home page's widgets are Atrium code, loaded now, after sign-in.
  expect(atriumCodeIn(home).length).toBeGreaterThan(0);

  console.log(
    `JavaScript, gzip: sign-in page ${gzipKb(signIn).toFixed(0)} kB in ${
      signIn.length
    } files; after sign-in (home page) ${gzipKb(home).toFixed(0)} kB more in ${
      home.length
    } files`,
  );
});

test('the catalog page loads no Atrium plugin code; opening Workspaces loads that plugin', async ({
  page,
}) => {
  const scripts = recordScripts(page);
  // Straight to the catalog: sign in there, as after following a link to it.
  await page.goto('/catalog');
  await page
    .getByRole('button', { name: `Sign in as ${ada.displayName}` })
    .click();
  await expect(page).toHaveURL(/\/catalog/);
  await expect(page.getByRole('link', { name: 'jupyterhub' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  const catalog = await scripts.take();
  expect(atriumCodeIn(catalog)).toEqual([]);
  console.log(
    `JavaScript, gzip: catalog page ${gzipKb(catalog).toFixed(0)} kB in ${
      catalog.length
    } files, none of Atrium's plugins`,
  );

  await sidebar(page).getByRole('link', { name: 'Workspaces' }).click();
  await expect(
    page.getByRole('heading', { name: 'Workspaces', exact: true }),
  ).toBeVisible();
  await page.waitForLoadState('networkidle');
  const workspaces = atriumCodeIn(await scripts.take());
  expect(workspaces.some(found => found.startsWith('workspaces '))).toBe(true);
});
