import { expect, test, type APIRequestContext } from '@playwright/test';
import fc from 'fast-check';
import { tokenFor } from './helpers';
import { PERMISSION_MATRIX, type MatrixRow } from './permissionMatrix';

/**
 * Malformed input on every route of the permission matrix, as an admin (who gets past
 * every permission check to the validation) and as a data scientist: no answer may be
 * a 5xx, no refusal may echo a long value back, and nothing out of bounds may be
 * stored. The seed is fixed so a failure reproduces; ATRIUM_FUZZ_SEED tries others.
 *
 * Left out: the service-only admission routes refuse every caller this suite can be
 * (403 before validation); their input bounds are tested in the costs module's tests.
 */
const SEED = Number(process.env.ATRIUM_FUZZ_SEED ?? 20261204);
const RUNS_PER_ROW = Number(process.env.ATRIUM_FUZZ_RUNS ?? 12);

const LONG = 'x'.repeat(60_000);
const LONG_REF = `user:default/${'a'.repeat(300)}`;

/** Values a careless or hostile client sends. */
const nasty = fc.oneof(
  fc.constantFrom<unknown>(
    LONG,
    LONG_REF,
    1e308,
    -1,
    0,
    Number.MAX_SAFE_INTEGER,
    2.5,
    '2026-02-30',
    '-1',
    '',
    ' ',
    null,
    true,
    [],
    [1, 'two'],
    { $ne: 1 },
    '../../etc/passwd',
    '%00',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    'user:default/alice',
    'group:default/team-vision',
  ),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Keys the routes take, besides those a row's own path and body name. */
const COMMON_KEYS = [
  'from',
  'to',
  'user',
  'group',
  'project',
  'profile',
  'subjectRef',
  'role',
  'groupBy',
  'interval',
  'dimension',
  'limit',
  'offset',
  'since',
  'scope',
  'tailLines',
  'container',
  'name',
  'monthlyAmount',
  'maxGpu',
  'maxCpu',
  'maxMemoryGiB',
  'maxWorkspaces',
  'resources',
  'options',
  'environment',
];

/** Where a case puts its value. `start` is never set: a fuzzed start would launch. */
const fuzzCase = (row: MatrixRow) => {
  const [, query = ''] = row.path.split('?');
  const queryKeys = [...new URLSearchParams(query).keys()];
  const bodyKeys = Object.keys((row.body?.('margaret') as object) ?? {}).filter(
    k => k !== 'start',
  );
  return fc.oneof(
    fc.record({
      where: fc.constant('query' as const),
      key: fc.constantFrom(...queryKeys, ...COMMON_KEYS),
      value: nasty,
    }),
    fc.record({
      where: fc.constant('body' as const),
      key: fc.constantFrom(...bodyKeys, ...COMMON_KEYS),
      value: nasty,
    }),
    fc.record({
      where: fc.constant('wholeBody' as const),
      key: fc.constant(''),
      value: nasty,
    }),
    fc.record({
      where: fc.constant('pathSegment' as const),
      key: fc.constant(''),
      value: nasty,
    }),
  );
};

type FuzzCase = { where: string; key: string; value: unknown };

function requestFor(row: MatrixRow, ws: string, c: FuzzCase) {
  const [pathPart, query = ''] = row.path.replace('{ws}', ws).split('?');
  const params = new URLSearchParams(query);
  let path = pathPart;
  let body: unknown = row.body?.('margaret');
  if (c.where === 'query') {
    params.set(
      c.key,
      typeof c.value === 'string' ? c.value : JSON.stringify(c.value),
    );
  } else if (c.where === 'body') {
    body = { ...((body as object) ?? {}), [c.key]: c.value };
  } else if (c.where === 'wholeBody') {
    body = c.value;
  } else {
    const segments = path.split('/');
    // The last segment that is a value (an id, a cluster, a pod), not a route word.
    const at = row.path.includes('{ws}')
      ? segments.indexOf(ws)
      : segments.length - 1;
    segments[at] = encodeURIComponent(String(c.value));
    path = segments.join('/');
  }
  const search = params.toString();
  return { url: search ? `${path}?${search}` : path, body };
}

/** The message of an error answer: Backstage's `error.message`, else the whole text. */
function messageOf(text: string): string {
  try {
    return String(JSON.parse(text)?.error?.message ?? text);
  } catch {
    return text;
  }
}

/** Every string and number in a stored list, with where it sits. */
function leaves(value: unknown, at = '$'): [string, unknown][] {
  if (Array.isArray(value))
    return value.flatMap((v, i) => leaves(v, `${at}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, `${at}.${k}`));
  }
  return [[at, value]];
}

async function storedLists(request: APIRequestContext, token: string) {
  const get = async (url: string) => {
    const res = await request.get(url, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status(), url).toBe(200);
    return res.json();
  };
  // Some lists answer `{ items }`, the costs ones a bare array.
  const list = async (url: string) => {
    const body = await get(url);
    return { items: Array.isArray(body) ? body : body.items };
  };
  return {
    assignments: await list('/api/roles/assignments'),
    budgets: await list('/api/costs/budgets'),
    quotas: await list('/api/costs/quotas'),
    workspaces: await list('/api/workspaces/workspaces?scope=all'),
  };
}

test('malformed input on every route: never a 5xx, never echoed at length, never stored out of bounds', async ({
  request,
}) => {
  test.setTimeout(600_000);
  const tokens = {
    margaret: await tokenFor(request, 'margaret'),
    ada: await tokenFor(request, 'ada'),
  };
  const created = await request.post('/api/workspaces/workspaces', {
    headers: { authorization: `Bearer ${tokens.ada}` },
    data: { name: 'fuzz-subject', profile: 'small', start: false },
  });
  expect(created.status()).toBe(201);
  const ws: string = (await created.json()).id;
  const before = await storedLists(request, tokens.margaret);

  const rows = PERMISSION_MATRIX.filter(
    row =>
      // Service-only routes refuse every caller here before validation (see above).
      !row.path.includes('/admission/') &&
      // Starting runs a notebook server: its input is the id alone, fuzzed on /stop.
      !/\/(start|restart)$/.test(row.path),
  );
  const failures: string[] = [];
  let requests = 0;
  for (const row of rows) {
    for (const persona of ['margaret', 'ada'] as const) {
      const outcome = await fc.check(
        fc.asyncProperty(fuzzCase(row), async c => {
          const { url, body } = requestFor(row, ws, c);
          requests += 1;
          const res = await request.fetch(url, {
            method: row.method,
            headers: { authorization: `Bearer ${tokens[persona]}` },
            ...(body === undefined ? {} : { data: body }),
            failOnStatusCode: false,
          });
          const text = await res.text();
          if (res.status() >= 500) {
            throw new Error(`${res.status()}: ${text.slice(0, 300)}`);
          }
          // The message people read. (Backstage's error body also carries the
          // request's URL, which is the caller's own and not a message.)
          const message = res.status() >= 400 ? messageOf(text) : '';
          if (/x{100}|a{100}/.test(message)) {
            throw new Error(
              `${res.status()} echoes a long value back: ${message.slice(
                0,
                120,
              )}…`,
            );
          }
        }),
        { seed: SEED, numRuns: RUNS_PER_ROW, endOnFailure: true },
      );
      if (outcome.failed) {
        failures.push(
          `${row.method} ${row.path} as ${persona}: ${JSON.stringify(
            outcome.counterexample,
          )?.slice(0, 300)} → ${String(
            (outcome.errorInstance as Error | undefined)?.message ??
              outcome.errorInstance,
          ).slice(0, 300)}`,
        );
      }
    }
  }
  expect(failures).toEqual([]);
  // Every row ran its cases (a property that fails stops its row early).
  expect(requests).toBeGreaterThanOrEqual(rows.length * 2 * RUNS_PER_ROW);

  // Nothing out of bounds was stored: refs within Backstage's 255, text within reason,
  // every number finite and of a size a platform can have.
  const after = await storedLists(request, tokens.margaret);
  const outOfBounds = leaves(after).filter(
    ([, v]) =>
      (typeof v === 'string' && v.length > 1000) ||
      (typeof v === 'string' &&
        /^(user|group|component):/i.test(v) &&
        v.length > 255) ||
      (typeof v === 'number' && (!Number.isFinite(v) || Math.abs(v) > 1e9)),
  );
  expect(
    outOfBounds.map(([at, v]) => `${at} = ${String(v).slice(0, 60)}`),
  ).toEqual([]);

  // Put back what the fuzzing changed, for the suites that run after this one.
  await restore(request, tokens, before, after);
});

async function restore(
  request: APIRequestContext,
  tokens: { margaret: string; ada: string },
  before: Awaited<ReturnType<typeof storedLists>>,
  after: Awaited<ReturnType<typeof storedLists>>,
) {
  const admin = { authorization: `Bearer ${tokens.margaret}` };
  const workspaceIds = new Set(
    before.workspaces.items.map((w: { id: string }) => w.id),
  );
  for (const w of after.workspaces.items as {
    id: string;
    name: string;
    owner: string;
  }[]) {
    // What the fuzzing created, and its own subject (made just before the snapshot).
    if (workspaceIds.has(w.id) && w.name !== 'fuzz-subject') continue;
    const owner = w.owner === 'user:default/ada' ? tokens.ada : tokens.margaret;
    const res = await request.delete(`/api/workspaces/workspaces/${w.id}`, {
      headers: { authorization: `Bearer ${owner}` },
    });
    expect([204, 404]).toContain(res.status());
  }
  const key = (a: { subjectRef: string; role?: string }) =>
    `${a.subjectRef} ${a.role ?? ''}`;
  const assignmentsBefore = new Set(before.assignments.items.map(key));
  for (const a of after.assignments.items) {
    if (assignmentsBefore.has(key(a))) continue;
    await request.delete(
      `/api/roles/assignments?subjectRef=${encodeURIComponent(
        a.subjectRef,
      )}&role=${a.role}`,
      { headers: admin },
    );
  }
  for (const kind of ['budgets', 'quotas'] as const) {
    const had = new Map<string, Record<string, unknown>>(
      before[kind].items.map((i: { subjectRef: string }) => [i.subjectRef, i]),
    );
    for (const item of after[kind].items as { subjectRef: string }[]) {
      if (!had.has(item.subjectRef)) {
        await request.delete(
          `/api/costs/${kind}?subjectRef=${encodeURIComponent(
            item.subjectRef,
          )}`,
          { headers: admin },
        );
      }
    }
  }
}
