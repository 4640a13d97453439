import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenFor } from './helpers';
import { PERMISSION_MATRIX, PERSONAS, type Persona } from './permissionMatrix';

function hubToken() {
  return readFileSync(
    join(process.env.ATRIUM_E2E_DATA_DIR!, 'jupyterhub', 'portal-token'),
    'utf8',
  ).trim();
}

test('every Atrium route answers each persona as the permission matrix says, and leaks no secret', async ({
  request,
}) => {
  test.setTimeout(180_000);
  const tokens: Partial<Record<Persona, string>> = {};
  for (const persona of PERSONAS) {
    if (persona !== 'none') tokens[persona] = await tokenFor(request, persona);
  }
  const headers = (persona: Persona) =>
    persona === 'none' ? {} : { authorization: `Bearer ${tokens[persona]}` };

  const created = await request.post('/api/workspaces/workspaces', {
    headers: headers('ada'),
    data: { name: 'matrix-subject', profile: 'small', start: false },
  });
  expect(created.status()).toBe(201);
  const ws = (await created.json()).id;
  const secret = hubToken();

  const mismatches: string[] = [];
  for (const row of PERMISSION_MATRIX) {
    const path = row.path.replace('{ws}', ws);
    for (const persona of PERSONAS) {
      const res = await request.fetch(path, {
        method: row.method,
        headers: headers(persona),
        ...(row.body ? { data: row.body(persona) } : {}),
      });
      const expected = ([] as number[]).concat(row.expect[persona]);
      if (!expected.includes(res.status())) {
        mismatches.push(
          `${row.method} ${
            row.path
          } as ${persona}: ${res.status()} (expected ${expected.join(
            ' or ',
          )}: ${row.why}) ${(await res.text()).slice(0, 200)}`,
        );
      }
      const body = await res.text();
      expect(
        body,
        `${row.method} ${row.path} as ${persona} must not contain the hub token`,
      ).not.toContain(secret);
      if (
        res.status() === 202 &&
        (path.endsWith('/start') || path.endsWith('/restart'))
      ) {
        // Let the start settle so the following stop finds a server to stop.
        await request.get(`/api/workspaces/workspaces/${ws}/progress`, {
          headers: headers('ada'),
        });
      }
    }
  }
  expect(mismatches).toEqual([]);

  // Nor in the frontend: the page, the config the backend injects, the built bundle.
  const index = await request.get('/');
  expect(await index.text()).not.toContain(secret);
  const dist = join(__dirname, '..', 'packages', 'app', 'dist', 'static');
  for (const file of readdirSync(dist).filter(f => f.endsWith('.js'))) {
    expect(readFileSync(join(dist, file), 'utf8'), file).not.toContain(secret);
  }
});
