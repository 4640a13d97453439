import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { tokenFor } from './helpers';
import {
  PERMISSION_MATRIX,
  PERSONAS,
  type Caller,
  type MatrixRow,
  type Persona,
} from './permissionMatrix';
import { BACKSTAGE_PERMISSION_MATRIX } from './permissionMatrixBackstage';

function hubToken() {
  return readFileSync(
    join(process.env.ATRIUM_E2E_DATA_DIR!, 'jupyterhub', 'portal-token'),
    'utf8',
  ).trim();
}

/** The static token of a backend service that is none of Atrium's plugins. */
function otherServiceToken(): string {
  const config = parse(
    readFileSync(join(__dirname, 'app-config.e2e.yaml'), 'utf8'),
  );
  return config.backend.auth.externalAccess.find(
    (access: { options: { subject: string } }) =>
      access.options.subject === 'e2e-other-service',
  ).options.token;
}

test('every Atrium route answers each persona as the permission matrix says, and leaks no secret', async ({
  request,
}) => {
  test.setTimeout(180_000);
  const tokens: Partial<Record<Persona, string>> = {};
  for (const persona of PERSONAS) {
    if (persona !== 'none') tokens[persona] = await tokenFor(request, persona);
  }
  const headers = (persona: Caller) => {
    if (persona === 'none') return {} as Record<string, string>;
    const token =
      persona === 'wrongService' ? otherServiceToken() : tokens[persona];
    return { authorization: `Bearer ${token}` };
  };

  const created = await request.post('/api/workspaces/workspaces', {
    headers: headers('ada'),
    data: { name: 'matrix-subject', profile: 'small', start: false },
  });
  expect(created.status()).toBe(201);
  const ws = (await created.json()).id;
  // A template run of Ada's that fails at its first step (no such team): a task with
  // her form values and log, and nothing published.
  const task = await request.post('/api/scaffolder/v2/tasks', {
    headers: headers('ada'),
    data: {
      templateRef: 'template:default/python-analysis',
      values: {
        name: 'matrix-task',
        owner: 'group:default/no-such-team',
        description: 'A task of the permission matrix',
        environment: 'resource:default/python-data-science-2026.11',
        profile: 'small',
        launchWorkspace: false,
        publishTo: 'local',
      },
    },
  });
  expect(task.status(), await task.text()).toBe(201);
  const taskId: string = (await task.json()).id;
  const secret = hubToken();

  const rows: MatrixRow[] = [
    ...PERMISSION_MATRIX,
    ...BACKSTAGE_PERMISSION_MATRIX,
  ];
  const mismatches: string[] = [];
  for (const row of rows) {
    const path = row.path.replace('{ws}', ws).replace('{task}', taskId);
    const callers = [
      ...PERSONAS,
      ...(row.wrongService === undefined ? [] : ['wrongService' as const]),
    ];
    for (const persona of callers) {
      const res = await request.fetch(path, {
        method: row.method,
        headers: headers(persona),
        ...(row.body ? { data: row.body(persona) } : {}),
      });
      const expected = ([] as number[]).concat(
        persona === 'wrongService' ? row.wrongService! : row.expect[persona],
      );
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

  // Task lists are filtered the same way: Ada's task is in hers and the admin's only.
  for (const [persona, sees] of [
    ['ada', true],
    ['grace', false],
    ['linus', false],
    ['margaret', true],
  ] as const) {
    const list = await request.get('/api/scaffolder/v2/tasks', {
      headers: headers(persona),
    });
    expect(list.status()).toBe(200);
    const ids = (await list.json()).tasks.map((t: { id: string }) => t.id);
    expect([persona, ids.includes(taskId)]).toEqual([persona, sees]);
  }

  // Nor in the frontend: the page, the config the backend injects, the built bundle.
  const index = await request.get('/');
  expect(await index.text()).not.toContain(secret);
  const dist = join(__dirname, '..', 'packages', 'app', 'dist', 'static');
  for (const file of readdirSync(dist).filter(f => f.endsWith('.js'))) {
    expect(readFileSync(join(dist, file), 'utf8'), file).not.toContain(secret);
  }
});
