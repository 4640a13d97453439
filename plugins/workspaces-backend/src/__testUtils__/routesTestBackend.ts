import {
  createBackendModule,
  createServiceFactory,
  type BackendFeature,
} from '@backstage/backend-plugin-api';
import {
  startTestBackend,
  type TestDatabaseId,
  type TestDatabases,
} from '@backstage/backend-test-utils';
import {
  asUser,
  atriumTestBackendFeatures,
  testDatabaseFeature,
} from '@internal/backend-test-features';
import {
  atriumAuditorServiceFactory,
  auditEventSinkServiceRef,
  type AuditEventSink,
} from '@internal/plugin-audit-node';
import { workspacesAdmissionExtensionPoint } from '@internal/plugin-workspaces-node';
import type { StartedJupyterHub } from '@internal/test-utils';
import request from 'supertest';
import { workspacesPlugin } from '../plugin';

/**
 * The workspaces routes on a test backend with a REAL JupyterHub (Debian's package), the
 * real permission backend with Atrium's policy and the roles backend
 * (atriumTestBackendFeatures), and audit events as the audit log receives them.
 */

const groups: Record<string, string[]> = {
  'user:default/ada': ['group:default/team-vision'],
  'user:default/grace': ['group:default/team-genomics'],
  'user:default/margaret': ['group:default/platform-admins'],
};

/** Workspaces the test admission check was told to release, in order. */
export const released: string[] = [];

/** A test module that refuses GPU launches, standing in for the budget/quota work. */
const refuseGpuModule = createBackendModule({
  pluginId: 'workspaces',
  moduleId: 'test-refuse-gpu',
  register(reg) {
    reg.registerInit({
      deps: { admission: workspacesAdmissionExtensionPoint },
      async init({ admission }) {
        admission.addAdmissionCheck({
          name: 'test-gpu-quota',
          async check(req) {
            return req.resources.gpu > 0
              ? {
                  allowed: false,
                  reason:
                    "team-vision uses 4 of 4 GPUs: stop 'train-2' or ask an admin",
                }
              : { allowed: true };
          },
          async preview(req) {
            return {
              facts: [
                {
                  label: 'CPU asked',
                  value: `${req.resources.cpu} cores for ${req.user}`,
                },
              ],
              ...(req.resources.gpu > 0
                ? {
                    refusal:
                      "team-vision uses 4 of 4 GPUs: stop 'train-2' or ask an admin",
                  }
                : {}),
            };
          },
          async release(workspace) {
            released.push(workspace.id);
          },
        });
      },
    });
  },
});

/**
 * The test backend on `hub`. With `database`, every plugin's database is on that
 * engine (suites that exercise SQL run on SQLite and PostgreSQL); without, the test
 * backend's default in-memory SQLite.
 */
export async function startBackend(
  hub: StartedJupyterHub,
  database?: { databases: TestDatabases; id: TestDatabaseId },
  /** More modules (a launch contributor). */
  extraFeatures: BackendFeature[] = [],
) {
  // Finished audit events, as the audit log receives them.
  const auditEvents: Parameters<AuditEventSink['publish']>[0][] = [];
  const { server } = await startTestBackend({
    features: [
      workspacesPlugin,
      refuseGpuModule,
      ...extraFeatures,
      ...(database
        ? [testDatabaseFeature(database.databases, database.id).feature]
        : []),
      atriumAuditorServiceFactory,
      createServiceFactory({
        service: auditEventSinkServiceRef,
        deps: {},
        factory: () => ({
          publish: event => auditEvents.push(event),
          subscribe: () => {},
        }),
      }),
      ...atriumTestBackendFeatures({
        groups,
        config: {
          workspaces: {
            jupyterhub: { url: hub.url, apiToken: hub.serviceToken },
            profiles: [
              {
                display_name: 'Small Instance',
                slug: 'small',
                default: true,
                kubespawner_override: { cpu_limit: 2, mem_limit: '8G' },
              },
              {
                display_name: 'GPU Instance',
                slug: 'gpu',
                access: 'yaml',
                groups: ['team-vision'],
                kubespawner_override: {
                  cpu_limit: 4,
                  mem_limit: '16G',
                  extra_resource_limits: { 'nvidia.com/gpu': 1 },
                },
              },
              {
                display_name: 'Broken image',
                slug: hub.failProfile,
                kubespawner_override: { cpu_limit: 1, mem_limit: '1G' },
              },
            ],
          },
        },
      }),
    ],
  });
  return { server, as: asUser, auditEvents };
}

/** Reads the progress stream of a workspace to its end. */
export async function progressOf(server: any, auth: string, id: string) {
  const res = await request(server)
    .get(`/api/workspaces/workspaces/${id}/progress`)
    .set('authorization', auth)
    .buffer(true)
    .parse((response, callback) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => callback(null, text));
    });
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toContain('text/event-stream');
  return (res.body as string)
    .split('\n\n')
    .filter(Boolean)
    .map(chunk => JSON.parse(chunk.replace(/^data: /, '')));
}
