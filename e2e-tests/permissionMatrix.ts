/**
 * Who may call what: every route of every Atrium backend plugin, called as each persona
 * by permissions.spec.ts against the real backend. Rows run top to bottom, and within a
 * row in the order of PERSONAS (so a row after a create sees what it created).
 *
 * `{ws}` is a workspace of Ada's, created (not started) before the table runs.
 * A cell is the expected status, or a list of acceptable ones.
 */
export const PERSONAS = ['none', 'ada', 'grace', 'linus', 'margaret'] as const;
export type Persona = (typeof PERSONAS)[number];

export interface MatrixRow {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: (persona: Persona) => unknown;
  expect: Record<Persona, number | number[]>;
  why: string;
}

const all = (none: number, others: number) => ({
  none,
  ada: others,
  grace: others,
  linus: others,
  margaret: others,
});
const adminOnly = (ok: number | number[]) => ({
  none: 401,
  ada: 403,
  grace: 403,
  linus: 403,
  margaret: ok,
});

export const PERMISSION_MATRIX: MatrixRow[] = [
  // roles
  {
    method: 'GET',
    path: '/api/roles/me',
    expect: all(401, 200),
    why: 'everyone reads their own role',
  },
  {
    method: 'GET',
    path: '/api/roles/assignments',
    expect: adminOnly(200),
    why: 'who holds which role',
  },
  {
    method: 'GET',
    path: '/api/roles/assignments?role=owner',
    expect: adminOnly(400),
    why: 'bad input after the permission check',
  },
  {
    method: 'POST',
    path: '/api/roles/assignments',
    body: () => ({ subjectRef: 'user:default/rosalind', role: 'devops' }),
    expect: adminOnly(201),
    why: 'giving a role',
  },
  {
    method: 'DELETE',
    path: '/api/roles/assignments?subjectRef=user:default/rosalind&role=devops',
    expect: adminOnly(204),
    why: 'taking a role away',
  },
  {
    method: 'GET',
    path: '/api/roles/service/assignments',
    expect: { none: 401, ada: 403, grace: 403, linus: 403, margaret: 403 },
    why: 'for backend services only',
  },
  // audit
  {
    method: 'GET',
    path: '/api/audit/events',
    expect: adminOnly(200),
    why: 'the audit log',
  },
  {
    method: 'GET',
    path: '/api/audit/events.csv',
    expect: adminOnly(200),
    why: 'the audit log export',
  },
  // workspaces
  {
    method: 'GET',
    path: '/api/workspaces/profiles',
    expect: all(401, 200),
    why: 'profiles one may use',
  },
  {
    method: 'GET',
    path: '/api/workspaces/workspaces',
    expect: all(401, 200),
    why: 'my workspaces',
  },
  {
    method: 'GET',
    path: '/api/workspaces/workspaces?scope=all',
    expect: adminOnly(200),
    why: "everyone's workspaces",
  },
  {
    method: 'POST',
    path: '/api/workspaces/workspaces',
    body: persona => ({
      name: `matrix-${persona}`,
      profile: 'small',
      start: false,
    }),
    expect: all(401, 201),
    why: 'everyone creates their own',
  },
  {
    method: 'POST',
    path: '/api/workspaces/workspaces',
    body: () => ({ name: 'matrix-gpu', profile: 'gpu', start: false }),
    expect: { none: 401, ada: 201, grace: 403, linus: 403, margaret: 403 },
    why: 'the GPU profile is for team-vision only',
  },
  {
    method: 'GET',
    path: '/api/workspaces/workspaces/{ws}',
    expect: { none: 401, ada: 200, grace: 404, linus: 404, margaret: 200 },
    why: "owner and admins see a workspace; others can't tell it exists",
  },
  {
    method: 'GET',
    path: '/api/workspaces/workspaces/{ws}/events',
    expect: { none: 401, ada: 200, grace: 404, linus: 404, margaret: 200 },
    why: 'history',
  },
  {
    method: 'GET',
    path: '/api/workspaces/workspaces/{ws}/progress',
    expect: { none: 401, ada: 200, grace: 404, linus: 404, margaret: 200 },
    why: 'start progress',
  },
  {
    method: 'POST',
    path: '/api/workspaces/workspaces/{ws}/start',
    expect: { none: 401, ada: 202, grace: 404, linus: 404, margaret: 403 },
    why: 'only the owner starts (it runs as them)',
  },
  {
    method: 'POST',
    path: '/api/workspaces/workspaces/{ws}/stop',
    expect: { none: 401, ada: 202, grace: 404, linus: 404, margaret: 202 },
    why: 'owner or admin stops',
  },
  {
    method: 'POST',
    path: '/api/workspaces/workspaces/{ws}/restart',
    expect: { none: 401, ada: 202, grace: 404, linus: 404, margaret: 403 },
    why: 'only the owner restarts',
  },
  {
    method: 'POST',
    path: '/api/workspaces/workspaces/{ws}/stop',
    expect: { none: 401, ada: 202, grace: 404, linus: 404, margaret: 202 },
    why: 'stop after restart',
  },
  {
    method: 'DELETE',
    path: '/api/workspaces/workspaces/{ws}',
    expect: { none: 401, ada: 204, grace: 404, linus: 404, margaret: 404 },
    why: 'owner deletes (then it is gone for the admin too)',
  },
  // Backstage's own plugins, as the policy decides them
  {
    method: 'POST',
    path: '/api/catalog/locations?dryRun=true',
    body: () => ({
      type: 'url',
      target: 'https://git.example.com/x/catalog-info.yaml',
    }),
    expect: {
      none: 401,
      ada: 403,
      grace: 403,
      linus: 403,
      margaret: [400, 404, 500, 503],
    },
    why: 'only admins register catalog locations (the dry run then fails to read the URL: no network)',
  },
];
