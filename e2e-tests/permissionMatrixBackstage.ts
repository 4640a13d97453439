import { adminOnly, type MatrixRow } from './permissionMatrix';

/**
 * The routes of Backstage's own plugins whose permissions Atrium's policy decides
 * (plugins/permission-backend-module-atrium-policy/src/permissionRules.ts), in the
 * format of permissionMatrix.ts. They run after Atrium's rows.
 */
export const BACKSTAGE_PERMISSION_MATRIX: MatrixRow[] = [
  // The catalog
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
      margaret: 400,
    },
    why: 'only admins register catalog locations (the dry run then refuses to read a host with no integration: 400)',
  },
  {
    method: 'POST',
    path: '/api/catalog/analyze-location',
    body: () => ({ location: { type: 'url', target: 'not a url' } }),
    expect: adminOnly(400),
    why: 'analyzing a location (it fetches the URL) is for admins (bad input after the permission check)',
  },
  // Backstage's scaffolder: a task is its creator's (and admins')
  {
    method: 'GET',
    path: '/api/scaffolder/v2/tasks/{task}',
    expect: { none: 401, ada: 200, grace: 403, linus: 403, margaret: 200 },
    why: 'a task (its form values): its creator and admins',
  },
  {
    method: 'GET',
    path: '/api/scaffolder/v2/tasks/{task}/events',
    expect: { none: 401, ada: 200, grace: 403, linus: 403, margaret: 200 },
    why: "a task's log",
  },
  {
    method: 'POST',
    path: '/api/scaffolder/v2/tasks/{task}/retry',
    body: () => ({}),
    expect: { none: 401, ada: 201, grace: 403, linus: 403, margaret: 201 },
    why: 'retrying a task',
  },
  {
    method: 'POST',
    path: '/api/scaffolder/v2/tasks/{task}/cancel',
    expect: { none: 401, ada: 200, grace: 403, linus: 403, margaret: 200 },
    why: 'cancelling a task',
  },
  {
    method: 'POST',
    path: '/api/scaffolder/v2/dry-run',
    // A template without steps: the dry run has nothing to do.
    body: () => ({
      template: {
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: { name: 'matrix-dry-run', namespace: 'default' },
        spec: { type: 'service', steps: [] },
      },
      values: {},
      directoryContents: [],
    }),
    expect: adminOnly(200),
    why: 'the template editor dry run is for admins',
  },
  // Backstage's Kubernetes plugin: pod specs and clusters for DevOps and admins
  {
    method: 'GET',
    path: '/api/kubernetes/clusters',
    expect: { none: 401, ada: 403, grace: 403, linus: 200, margaret: 200 },
    why: 'the Kubernetes clusters',
  },
  {
    method: 'POST',
    path: '/api/kubernetes/services/conda-store',
    body: () => ({
      entity: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'conda-store', namespace: 'default' },
      },
    }),
    expect: { none: 401, ada: 403, grace: 403, linus: 200, margaret: 200 },
    why: "a component's Kubernetes objects (pod specs)",
  },
  {
    method: 'POST',
    path: '/api/kubernetes/resources/workloads/query',
    body: () => ({ entityRef: 'component:default/conda-store', auth: {} }),
    expect: { none: 401, ada: 403, grace: 403, linus: 200, margaret: 200 },
    why: "a component's workloads",
  },
];
