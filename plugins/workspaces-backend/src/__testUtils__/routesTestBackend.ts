import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import permissionBackend from '@backstage/plugin-permission-backend';
import atriumPolicyModule from '@internal/plugin-permission-backend-module-atrium-policy';
// The routes are tested with the real permission stack and audit log: a
// plugin's test may start other plugins.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import rolesBackend from '@internal/plugin-roles-backend';
import { workspacesAdmissionExtensionPoint } from '@internal/plugin-workspaces-node';
import type { StartedJupyterHub } from '@internal/test-utils';
import request from 'supertest';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import auditPlugin from '@internal/plugin-audit-backend';
import { atriumAuditorServiceFactory } from '@internal/plugin-audit-node';
import { workspacesPlugin } from '../plugin';

/**
 * The workspaces routes on a test backend with a REAL JupyterHub (Debian's package), the
 * real permission backend with Atrium's policy, the roles backend and the audit log.
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

export async function startBackend(hub: StartedJupyterHub) {
  const { server } = await startTestBackend({
    features: [
      workspacesPlugin,
      refuseGpuModule,
      rolesBackend,
      permissionBackend,
      atriumPolicyModule,
      auditPlugin,
      atriumAuditorServiceFactory,
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.userInfo.mock({
        getUserInfo: async credentials => {
          const ref = (credentials.principal as { userEntityRef: string })
            .userEntityRef;
          return {
            userEntityRef: ref,
            ownershipEntityRefs: [ref, ...(groups[ref] ?? [])],
          };
        },
      }).factory,
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          atrium: { roles: { admin: ['group:default/platform-admins'] } },
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
  const as = (user: string) =>
    mockCredentials.user.header(`user:default/${user}`);
  return { server, as };
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
