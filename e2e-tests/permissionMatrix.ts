/**
 * Who may call what: every route of every Atrium backend plugin (and, in
 * permissionMatrixBackstage.ts, the routes of Backstage's plugins whose permissions
 * Atrium's policy decides), called as each persona by permissions.spec.ts against the
 * real backend. Rows run top to bottom, and within a
 * row in the order of PERSONAS (so a row after a create sees what it created), then as
 * `wrongService` where the row has it.
 *
 * `{ws}` is a workspace of Ada's, created (not started) before the table runs; `{task}`
 * a scaffolder task of Ada's (a template run that fails at its first step).
 * A cell is the expected status, or a list of acceptable ones.
 */
export const PERSONAS = ['none', 'ada', 'grace', 'linus', 'margaret'] as const;
export type Persona = (typeof PERSONAS)[number];

/** Who calls: a persona, or a backend service that is not the one a route is for. */
export type Caller = Persona | 'wrongService';

export interface MatrixRow {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: (caller: Caller) => unknown;
  expect: Record<Persona, number | number[]>;
  /**
   * Called by a backend service that is not the plugin the route is for: a static
   * external-access token (subject `e2e-other-service`, app-config.e2e.yaml).
   */
  wrongService?: number | number[];
  why: string;
}

export const all = (none: number, others: number) => ({
  none,
  ada: others,
  grace: others,
  linus: others,
  margaret: others,
});
export const adminOnly = (ok: number | number[]) => ({
  none: 401,
  ada: 403,
  grace: 403,
  linus: 403,
  margaret: ok,
});

/** The demo results (results-backend's demoResults.ts) and an id that is nobody's. */
const R1 = '00000000-0000-4000-8000-0000000d0001';
const R2 = '00000000-0000-4000-8000-0000000d0002';
const NO_ID = '00000000-0000-4000-8000-00000000ffff';

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
    wrongService: 403,
    why: "for the permission backend's policy only",
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
    method: 'POST',
    path: '/api/workspaces/launch-preview',
    body: () => ({ profile: 'small' }),
    expect: all(401, 200),
    wrongService: 403,
    why: 'price, budget and quota headroom before a start: people only',
  },
  {
    method: 'GET',
    path: '/api/workspaces/usage-sessions?since=2026-01-01T00:00:00Z',
    expect: adminOnly(200),
    wrongService: 403,
    why: 'usage sessions: the costs plugin and admins only',
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
    method: 'GET',
    path: '/api/workspaces/workspaces/{ws}/diagnosis',
    expect: { none: 401, ada: 200, grace: 404, linus: 404, margaret: 200 },
    why: "why a workspace fails (pod, events, logs, kernels): owner and admins; DevOps read the pod's side through platform-health",
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
    method: 'POST',
    path: '/api/workspaces/workspaces/{ws}/reproduce',
    body: persona => ({ name: `matrix-repro-${persona}`, start: false }),
    expect: { none: 401, ada: 201, grace: 404, linus: 404, margaret: 201 },
    why: 'owner or admin reproduces it as a new workspace of their own',
  },
  {
    method: 'DELETE',
    path: '/api/workspaces/workspaces/{ws}',
    expect: { none: 401, ada: 204, grace: 404, linus: 404, margaret: 404 },
    why: 'owner deletes (then it is gone for the admin too)',
  },
  // costs
  {
    method: 'GET',
    path: '/api/costs/prices',
    expect: all(401, 200),
    why: 'everyone sees the prices',
  },
  {
    method: 'GET',
    path: '/api/costs/report?groupBy=profile',
    expect: all(401, 200),
    why: 'without a filter, everyone gets their own costs',
  },
  {
    method: 'GET',
    path: '/api/costs/report?user=user:default/grace',
    expect: { none: 401, ada: 403, grace: 200, linus: 403, margaret: 200 },
    why: "someone's costs: themself and admins",
  },
  {
    method: 'GET',
    path: '/api/costs/report?group=group:default/team-vision&groupBy=user',
    expect: { none: 401, ada: 200, grace: 403, linus: 403, margaret: 200 },
    why: "a group's costs: its members and admins",
  },
  {
    method: 'GET',
    path: '/api/costs/report?from=2026-13-01',
    expect: all(401, 400),
    why: 'bad dates',
  },
  {
    method: 'GET',
    path: '/api/costs/report.csv',
    expect: all(401, 200),
    why: 'CSV export of what one may see',
  },
  {
    method: 'GET',
    path: '/api/costs/me',
    expect: all(401, 200),
    why: 'my costs, budgets and quotas',
  },
  {
    method: 'GET',
    path: '/api/costs/top-spenders?dimension=group',
    expect: adminOnly(200),
    why: 'top spenders',
  },
  {
    method: 'GET',
    path: '/api/costs/idle-waste',
    expect: adminOnly(200),
    why: 'idle waste',
  },
  {
    method: 'GET',
    path: '/api/costs/actual',
    expect: adminOnly(200),
    why: 'actual cloud costs',
  },
  {
    method: 'POST',
    path: '/api/costs/estimate',
    body: () => ({
      profile: 'small',
      resources: { cpu: 2, memoryGiB: 8, gpu: 0 },
    }),
    expect: all(401, 200),
    why: 'price of a workspace',
  },
  {
    method: 'GET',
    path: '/api/costs/budgets',
    expect: all(401, 200),
    why: "budgets: one's own and one's groups' (admins: all)",
  },
  {
    method: 'PUT',
    path: '/api/costs/budgets',
    body: () => ({ subjectRef: 'user:default/linus', monthlyAmount: 50 }),
    expect: adminOnly(200),
    why: 'setting a budget',
  },
  {
    method: 'PUT',
    path: '/api/costs/budgets',
    body: () => ({ subjectRef: 'user:default/nobody', monthlyAmount: 50 }),
    expect: adminOnly(400),
    why: 'a budget for someone not in the catalog',
  },
  {
    method: 'DELETE',
    path: '/api/costs/budgets?subjectRef=user:default/linus',
    expect: adminOnly(204),
    why: 'removing a budget',
  },
  {
    method: 'GET',
    path: '/api/costs/quotas',
    expect: all(401, 200),
    why: "quotas: one's own and one's groups' (admins: all)",
  },
  {
    method: 'PUT',
    path: '/api/costs/quotas',
    body: () => ({ subjectRef: 'user:default/linus', maxGpu: 1 }),
    expect: adminOnly(200),
    why: 'setting a quota',
  },
  {
    method: 'DELETE',
    path: '/api/costs/quotas?subjectRef=user:default/linus',
    expect: adminOnly(204),
    why: 'removing a quota',
  },
  {
    method: 'POST',
    path: '/api/costs/admission/check',
    body: () => ({}),
    expect: { none: 401, ada: 403, grace: 403, linus: 403, margaret: 403 },
    wrongService: 403,
    why: 'launch admission: for the workspaces backend only',
  },
  {
    method: 'POST',
    path: '/api/costs/admission/preview',
    body: () => ({}),
    expect: { none: 401, ada: 403, grace: 403, linus: 403, margaret: 403 },
    wrongService: 403,
    why: 'admission preview: for the workspaces backend only',
  },
  {
    method: 'POST',
    path: '/api/costs/admission/release',
    body: () => ({ id: 'matrix-release' }),
    expect: { none: 401, ada: 403, grace: 403, linus: 403, margaret: 403 },
    wrongService: 403,
    why: 'giving back reserved quota: for the workspaces backend only',
  },
  // platform health: services for everyone, the cluster for DevOps and admins
  {
    method: 'GET',
    path: '/api/platform-health/services',
    expect: all(401, 200),
    why: 'the platform status page',
  },
  {
    method: 'GET',
    path: '/api/platform-health/services/default/conda-store',
    expect: all(401, 200),
    why: "a component's Health tab",
  },
  {
    method: 'GET',
    path: '/api/platform-health/clusters',
    expect: { none: 401, ada: 403, grace: 403, linus: 200, margaret: 200 },
    why: 'the configured clusters',
  },
  {
    method: 'GET',
    path: '/api/platform-health/clusters/demo/overview',
    expect: { none: 401, ada: 403, grace: 403, linus: 200, margaret: 200 },
    why: 'the cluster overview',
  },
  {
    method: 'GET',
    path: '/api/platform-health/clusters/demo/namespaces/dev/pods/x/logs?tailLines=0',
    expect: { none: 401, ada: 403, grace: 403, linus: 400, margaret: 400 },
    why: 'container logs (bad input after the permission check)',
  },
  {
    method: 'GET',
    path: '/api/platform-health/workspace-pods/diagnosis?username=ada&servername=',
    expect: { none: 401, ada: 403, grace: 403, linus: 200, margaret: 200 },
    wrongService: 403,
    why: "a workspace's pod, events and log: the workspaces plugin (for the owner), DevOps and admins",
  },
  {
    method: 'GET',
    path: '/api/platform-health/workspace-pods/diagnosis?username=',
    expect: { none: 401, ada: 403, grace: 403, linus: 400, margaret: 400 },
    why: 'a diagnosis without a user name (bad input after the permission check)',
  },
  {
    method: 'GET',
    path: '/api/platform-health/metrics',
    expect: { none: 401, ada: 403, grace: 403, linus: 200, margaret: 200 },
    why: "the portal's metrics (Prometheus uses a static token)",
  },
  {
    method: 'GET',
    path: '/api/platform-health/services/default/conda-store/history?window=1h',
    expect: all(401, 200),
    why: "a service's history charts (Prometheus range queries)",
  },
  {
    method: 'GET',
    path: '/api/platform-health/clusters/demo/history?window=24h',
    expect: { none: 401, ada: 403, grace: 403, linus: 200, margaret: 200 },
    why: "the cluster's history charts",
  },
  {
    method: 'GET',
    path: '/api/platform-health/alerts/history',
    expect: { none: 401, ada: 403, grace: 403, linus: 200, margaret: 200 },
    why: 'the alert and status episodes, and who was told',
  },
  // results: the demo's results (results.demoData): R1 is Ada's, visible to her team
  // (team-vision); R2 is Grace's (team-genomics), shared with team-vision by name.
  {
    method: 'GET',
    path: '/api/results/results',
    expect: all(401, 200),
    why: 'the results one may see (filtered in SQL)',
  },
  {
    method: 'GET',
    path: `/api/results/results/${R1}`,
    expect: { none: 401, ada: 200, grace: 404, linus: 404, margaret: 404 },
    why: "a team's result: its team only (admins included: not theirs to read)",
  },
  {
    method: 'GET',
    path: `/api/results/results/${R2}`,
    expect: { none: 401, ada: 200, grace: 200, linus: 404, margaret: 404 },
    why: 'a result team-genomics shares with team-vision: read across teams',
  },
  {
    method: 'GET',
    path: `/api/results/results/${R2}/versions`,
    expect: { none: 401, ada: 200, grace: 200, linus: 404, margaret: 404 },
    why: 'its history',
  },
  {
    method: 'GET',
    path: `/api/results/results/${R2}/versions/1/notebook`,
    expect: { none: 401, ada: 200, grace: 200, linus: 404, margaret: 404 },
    why: "a version's notebook",
  },
  {
    method: 'GET',
    path: `/api/results/results/${R2}/diff?from=1&to=1`,
    expect: { none: 401, ada: 200, grace: 200, linus: 404, margaret: 404 },
    why: 'the diff of two versions',
  },
  {
    method: 'GET',
    path: `/api/results/results/${R2}/comments`,
    expect: { none: 401, ada: 200, grace: 200, linus: 404, margaret: 404 },
    why: 'comments',
  },
  {
    method: 'POST',
    path: `/api/results/results/${R2}/versions/1/comments`,
    body: persona => ({ body: `matrix comment by ${persona}` }),
    expect: { none: 401, ada: 201, grace: 201, linus: 404, margaret: 404 },
    why: 'whoever may read it comments',
  },
  {
    method: 'PUT',
    path: `/api/results/results/${R2}/visibility`,
    body: () => ({
      visibility: 'named',
      sharedWith: ['group:default/team-vision'],
    }),
    expect: { none: 401, ada: 403, grace: 200, linus: 404, margaret: 404 },
    why: 'only the author shares',
  },
  {
    method: 'GET',
    path: `/api/results/results/${R2}/reviews`,
    expect: { none: 401, ada: 200, grace: 200, linus: 404, margaret: 404 },
    why: 'reviews',
  },
  {
    method: 'POST',
    path: `/api/results/results/${R2}/reviews`,
    body: () => ({ reviewerRef: 'user:default/ada' }),
    expect: { none: 401, ada: 403, grace: 201, linus: 404, margaret: 404 },
    why: 'only the author asks for a review',
  },
  {
    method: 'POST',
    path: `/api/results/results/${R2}/reviews/${NO_ID}/decision`,
    body: () => ({ decision: 'approved' }),
    expect: { none: 401, ada: 404, grace: 404, linus: 404, margaret: 404 },
    why: 'the named reviewer decides (no such review here)',
  },
  {
    method: 'DELETE',
    path: `/api/results/results/${NO_ID}`,
    expect: { none: 401, ada: 404, grace: 404, linus: 404, margaret: 404 },
    why: 'author or admin deletes (none here: the demo results stay)',
  },
  {
    method: 'POST',
    path: `/api/results/results/${R2}/versions/99/reproduce`,
    body: () => ({}),
    expect: { none: 401, ada: 404, grace: 404, linus: 404, margaret: 404 },
    why: 'whoever may read it reruns a version as themselves (no version 99: nothing is launched here)',
  },
  {
    method: 'POST',
    path: `/api/results/results/${R2}/versions/1/copy-to-workspace`,
    body: () => ({ workspaceId: NO_ID }),
    expect: { none: 401, ada: 404, grace: 404, linus: 404, margaret: 404 },
    why: "a version's notebook into one's own running workspace (whoever may read the result; no such workspace here)",
  },
  {
    method: 'GET',
    path: `/api/results/workspaces/${NO_ID}/notebooks`,
    expect: { none: 401, ada: 404, grace: 404, linus: 404, margaret: 404 },
    why: "notebooks of one's own running workspace",
  },
  {
    method: 'POST',
    path: '/api/results/results/publish',
    body: () => ({ workspaceId: NO_ID, path: 'a.ipynb', message: 'matrix' }),
    expect: { none: 401, ada: 404, grace: 404, linus: 404, margaret: 404 },
    why: "publish from one's own running workspace",
  },
  {
    method: 'GET',
    path: '/api/results/search-documents?limit=5',
    expect: { none: 401, ada: 403, grace: 403, linus: 403, margaret: 403 },
    wrongService: 403,
    why: 'every result as a search document: for the search plugin only (search filters hits by the read permission)',
  },
  {
    method: 'GET',
    path: '/api/workspaces/workspaces/{ws}/contents?owner=user:default/ada',
    expect: { none: 401, ada: 403, grace: 403, linus: 403, margaret: 403 },
    wrongService: 403,
    why: "a workspace's notebooks: for the results plugin only",
  },
  {
    method: 'GET',
    path: '/api/workspaces/workspaces/{ws}/contents/file?owner=user:default/ada&path=a.ipynb&maxBytes=10',
    expect: { none: 401, ada: 403, grace: 403, linus: 403, margaret: 403 },
    wrongService: 403,
    why: 'a workspace file: for the results plugin only',
  },
  {
    method: 'PUT',
    path: '/api/workspaces/workspaces/{ws}/contents/notebook?owner=user:default/ada&path=a.ipynb',
    body: () => ({ notebook: { cells: [], nbformat: 4, nbformat_minor: 5, metadata: {} } }),
    expect: { none: 401, ada: 403, grace: 403, linus: 403, margaret: 403 },
    wrongService: 403,
    why: 'a notebook written into a workspace (a reproduced result): for the results plugin only',
  },
  {
    method: 'POST',
    path: '/api/workspaces/workspaces/{ws}/stop-for-policy',
    body: () => ({ reason: 'access to clinical-trials-2026 ended' }),
    expect: { none: 401, ada: 403, grace: 403, linus: 403, margaret: 403 },
    wrongService: 403,
    why: 'a workspace stopped by a policy (data access ended): for the data-access plugin only',
  },
  {
    method: 'GET',
    path: '/api/workspaces/environment-usage?since=2026-01-01T00:00:00Z',
    expect: { none: 401, ada: 403, grace: 403, linus: 403, margaret: 403 },
    wrongService: 403,
    why: 'which workspaces and projects use which environment build: for the environments plugin only',
  },
  // data access: the demo's data sources (examples/data-sources.yaml). imagenet-2025 is
  // team-vision's: Ada owns it without being an admin; Grace does not. Bodies that pass
  // the permission check fail validation after it, so the table changes no grant or
  // request the data-access browser suite reads.
  {
    method: 'GET',
    path: '/api/data-access/matrix?sensitivity=internal',
    expect: all(401, 200),
    why: 'the Access page: every data source and its grants, for everyone signed in',
  },
  {
    method: 'GET',
    path: '/api/data-access/sources/default/imagenet-2025',
    expect: all(401, 200),
    why: "a data source's page",
  },
  {
    method: 'POST',
    path: '/api/data-access/grants',
    body: () => ({
      source: 'resource:default/imagenet-2025',
      subject: 'group:default/team-genomics',
      access: 'read',
      expiresAt: '2020-01-31',
    }),
    expect: { none: 401, ada: 400, grace: 403, linus: 403, margaret: 400 },
    why: "the owner (Ada, not an admin) and admins grant; the expiry in the past is refused after the check",
  },
  {
    method: 'PATCH',
    path: `/api/data-access/grants/${NO_ID}`,
    body: () => ({ access: 'read' }),
    expect: all(401, 404),
    why: "the source's owner or an admin changes a grant (none such here)",
  },
  {
    method: 'POST',
    path: `/api/data-access/grants/${NO_ID}/end`,
    body: () => ({ reason: 'matrix' }),
    expect: all(401, 404),
    why: "the source's owner or an admin ends a grant (none such here)",
  },
  {
    method: 'GET',
    path: '/api/data-access/requests?scope=to-decide',
    expect: all(401, 200),
    why: "one's own requests, or those one may decide",
  },
  {
    method: 'POST',
    path: '/api/data-access/requests',
    body: () => ({
      source: 'resource:default/no-such-data',
      access: 'read',
      reason: 'matrix',
    }),
    expect: all(401, 404),
    why: 'everyone asks for access (no such source here: nothing is asked)',
  },
  {
    method: 'POST',
    path: `/api/data-access/requests/${NO_ID}/decision`,
    body: () => ({ decision: 'approve' }),
    expect: all(401, 404),
    why: 'the owner, then for a restricted source an admin, decides (no such request)',
  },
  {
    method: 'POST',
    path: `/api/data-access/requests/${NO_ID}/withdraw`,
    expect: all(401, 404),
    why: 'the requester withdraws (no such request)',
  },
  {
    method: 'GET',
    path: '/api/data-access/who-could-access?source=resource:default/imagenet-2025&at=2026-12-01',
    expect: adminOnly(200),
    why: 'who could read a source on a date',
  },
  {
    method: 'GET',
    path: '/api/data-access/held-without-access',
    expect: adminOnly(200),
    why: 'running workspaces holding data their owner may no longer use',
  },
  {
    method: 'POST',
    path: '/api/data-access/launches/preview',
    body: () => ({ user: 'user:default/ada', groups: [], workspaceId: '', hubUser: 'ada', server: 'x' }),
    expect: { none: 401, ada: 403, grace: 403, linus: 403, margaret: 403 },
    wrongService: 403,
    why: 'what a launch would receive: for the workspaces plugin only',
  },
  {
    method: 'POST',
    path: '/api/data-access/launches',
    body: () => ({ user: 'user:default/ada', groups: [], workspaceId: 'matrix', hubUser: 'ada', server: 'x' }),
    expect: { none: 401, ada: 403, grace: 403, linus: 403, margaret: 403 },
    wrongService: 403,
    why: "a launch's data, recorded and signed for the hub: for the workspaces plugin only",
  },
  {
    method: 'POST',
    path: '/api/data-access/launches/matrix/end',
    expect: { none: 401, ada: 403, grace: 403, linus: 403, margaret: 403 },
    wrongService: 403,
    why: "a workspace's launch record ends: for the workspaces plugin only",
  },
  // environments (conda-store builds): the portals run the demo conda-store, build 1
  // is global/python-data-science's first
  {
    method: 'GET',
    path: '/api/environments/conda-store/builds/1/log',
    expect: all(401, 200),
    why: "a conda-store build's log, solver message picked out: everyone signed in",
  },
  {
    method: 'GET',
    path: '/api/environments/conda-store/builds/1/packages',
    expect: all(401, 200),
    why: "a conda-store build's resolved packages: everyone signed in",
  },
  {
    method: 'GET',
    path: '/api/environments/conda-store/builds/1/diff/2',
    expect: all(401, 200),
    why: 'what changes between two conda-store builds: everyone signed in',
  },
  {
    method: 'GET',
    path: '/api/environments/conda-store/build-usage?builds=1,2',
    expect: all(401, 200),
    why: 'how many running workspaces and which projects use conda-store builds (no owners): everyone signed in',
  },
  {
    method: 'GET',
    path: '/api/environments/conda-store/overview',
    expect: { none: 401, ada: 403, grace: 403, linus: 200, margaret: 200 },
    why: "conda-store's sprawl (every namespace's environments, failures, disk): DevOps and admins",
  },
];
