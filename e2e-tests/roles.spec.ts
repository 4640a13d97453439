import { expect, test } from '@playwright/test';
import { demoPeople, screenshot, sidebar, signInAs, tokenFor } from './helpers';

const [ada, , margaret, linus] = demoPeople;

test('an admin sees the role assignments page', async ({ page }) => {
  await signInAs(page, margaret);
  await sidebar(page).getByRole('link', { name: 'Roles' }).click();
  await expect(page).toHaveURL(/\/admin\/roles$/);
  const table = page.getByRole('table');
  await expect(
    table.getByRole('link', { name: 'group:default/platform-admins' }),
  ).toBeVisible();
  await expect(
    table.getByRole('link', { name: 'group:default/platform-ops' }),
  ).toBeVisible();
  // Everyone, with the role their groups give them.
  const people = page
    .getByRole('table')
    .filter({ hasText: 'Running workspaces' });
  const linusRow = people
    .getByRole('row')
    .filter({ hasText: 'Linus Torvalds' });
  await expect(
    linusRow.getByRole('cell', { name: 'devops', exact: true }),
  ).toBeVisible();
  await expect(linusRow.getByText('group:default/platform-ops')).toBeVisible();
  const graceRow = people.getByRole('row').filter({ hasText: 'Grace Hopper' });
  await expect(
    graceRow.getByRole('cell', { name: 'data-scientist', exact: true }),
  ).toBeVisible();
  await screenshot(page, 'roles-admin');
});

test('an admin gives a role and takes it away again', async ({ page }) => {
  await signInAs(page, margaret);
  await page.goto('/admin/roles');
  await page
    .getByPlaceholder('group:default/team-vision or user:default/ada')
    .fill('user:default/alan');
  await page.getByRole('button', { name: 'Give role' }).click();
  const row = page.getByRole('row').filter({ hasText: 'user:default/alan' });
  await expect(row.getByText('added in Atrium')).toBeVisible();
  await expect(row.getByText('by user:default/margaret')).toBeVisible();
  await screenshot(page, 'roles-admin-added');

  await row
    .getByRole('button', { name: 'Remove devops from user:default/alan' })
    .click();
  await expect(row).toHaveCount(0);
  // Both changes are in the audit log, with who made them.
  await sidebar(page).getByRole('link', { name: 'Audit log' }).click();
  await expect(page).toHaveURL(/\/admin\/audit$/);
  const events = page
    .getByRole('row')
    .filter({ hasText: 'user:default/margaret' });
  await expect(
    events.filter({ hasText: 'role-assignment-add' }).first(),
  ).toBeVisible();
  await expect(
    events.filter({ hasText: 'role-assignment-remove' }).first(),
  ).toBeVisible();
  await screenshot(page, 'audit-log');
  await page.goBack();

  // Config-seeded roles are changed in config.
  await expect(
    page
      .getByRole('row')
      .filter({ hasText: 'group:default/platform-admins' })
      .getByText('change in app-config'),
  ).toBeVisible();
});

test('a data scientist who opens the admin page is told why not', async ({
  page,
}) => {
  await signInAs(page, ada);
  await page.goto('/admin/roles');
  await expect(
    page.getByText('This page is for platform admins'),
  ).toBeVisible();
  await expect(
    page.getByText('You are signed in as a data scientist'),
  ).toBeVisible();
  await screenshot(page, 'roles-data-scientist');
});

test.describe('the backend refuses what a role may not do', () => {
  test('admin-only routes answer 403 to a data scientist and a devops engineer', async ({
    request,
  }) => {
    for (const person of [ada, linus]) {
      const token = await tokenFor(request, person.name);
      const headers = { authorization: `Bearer ${token}` };
      const assignments = await request.get('/api/roles/assignments', {
        headers,
      });
      expect(assignments.status()).toBe(403);
      const register = await request.post('/api/catalog/locations', {
        headers,
        data: {
          type: 'url',
          target: 'https://git.example.com/x/catalog-info.yaml',
        },
      });
      expect(register.status()).toBe(403);
    }
  });

  test('an admin may use them', async ({ request }) => {
    const token = await tokenFor(request, margaret.name);
    const headers = { authorization: `Bearer ${token}` };
    const assignments = await request.get('/api/roles/assignments', {
      headers,
    });
    expect(assignments.status()).toBe(200);
    expect((await assignments.json()).items).toContainEqual({
      subjectRef: 'group:default/platform-admins',
      role: 'admin',
      source: 'config',
    });
    // Allowed past the permission check: the dry run reaches the catalog's own check
    // of the location type (a 403 would mean the policy refused).
    const register = await request.post('/api/catalog/locations?dryRun=true', {
      headers,
      data: { type: 'file', target: '/nonexistent/catalog-info.yaml' },
    });
    expect(register.status()).toBe(400);
    expect((await register.json()).error.message).toContain(
      'Registered locations must be of an allowed type',
    );
  });

  test('a role given at runtime takes effect within the roles cache time, and so does its removal', async ({
    request,
  }) => {
    test.setTimeout(90_000);
    const admin = {
      authorization: `Bearer ${await tokenFor(request, margaret.name)}`,
    };
    // Grace, a data scientist of the demo people (the sign-in picker offers no one else).
    const grace = {
      authorization: `Bearer ${await tokenFor(request, 'grace')}`,
    };
    const clusters = () =>
      request.get('/api/platform-health/clusters', { headers: grace });
    // How long a change may take: the roles client caches for 5 s; the margin is
    // for a loaded 2-core CI machine.
    const within = 20_000;
    const until = async (status: number) => {
      const started = Date.now();
      let last = 0;
      while (Date.now() - started < within) {
        last = (await clusters()).status();
        if (last === status) return Date.now() - started;
        await new Promise(r => setTimeout(r, 250));
      }
      throw new Error(`still ${last} after ${within} ms, expected ${status}`);
    };

    // A data scientist: the cluster view is for DevOps.
    expect((await clusters()).status()).toBe(403);
    const given = await request.post('/api/roles/assignments', {
      headers: admin,
      data: { subjectRef: 'user:default/grace', role: 'devops' },
    });
    expect([200, 201]).toContain(given.status());
    expect(await until(200)).toBeLessThan(within);
    const me = await request.get('/api/roles/me', { headers: grace });
    expect((await me.json()).role).toBe('devops');

    const taken = await request.delete(
      '/api/roles/assignments?subjectRef=user:default/grace&role=devops',
      { headers: admin },
    );
    expect(taken.status()).toBe(204);
    expect(await until(403)).toBeLessThan(within);
  });

  test('every role gets its own role from /api/roles/me, and no token gets 401', async ({
    request,
  }) => {
    for (const person of demoPeople) {
      const token = await tokenFor(request, person.name);
      const me = await request.get('/api/roles/me', {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(me.status()).toBe(200);
      expect((await me.json()).role).toBe(person.role);
    }
    expect((await request.get('/api/roles/me')).status()).toBe(401);
  });
});
