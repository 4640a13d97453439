import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import {
  workspacesAdmissionExtensionPoint,
  type LaunchAdmissionCheck,
  type LaunchAdmissionRequest,
} from '@internal/plugin-workspaces-node';
import workspacesModuleCosts from '.';

/** A stand-in for the costs plugin's admission routes: records calls, answers `reply`. */
async function startCostsStub(reply: (path: string) => [number, unknown?]) {
  const calls: Array<{ path: string; body: any; authorization?: string }> = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', chunk => {
      data += chunk;
    });
    req.on('end', () => {
      calls.push({
        path: req.url ?? '',
        body: data ? JSON.parse(data) : undefined,
        authorization: req.headers.authorization,
      });
      const [status, body] = reply(req.url ?? '');
      res.statusCode = status;
      if (body === undefined) {
        res.end();
      } else {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(body));
      }
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    calls,
    baseUrl: `http://127.0.0.1:${port}/api/costs`,
    stop: () => new Promise(resolve => server.close(resolve)),
  };
}

/** The module on a test backend; returns the admission check it registered. */
async function registeredCheck(costsBaseUrl: string) {
  const checks: LaunchAdmissionCheck[] = [];
  await startTestBackend({
    extensionPoints: [
      [
        workspacesAdmissionExtensionPoint,
        {
          addAdmissionCheck: (check: LaunchAdmissionCheck) =>
            checks.push(check),
        },
      ],
    ],
    features: [
      workspacesModuleCosts,
      createServiceFactory({
        service: coreServices.discovery,
        deps: {},
        factory: () => ({
          getBaseUrl: async (pluginId: string) =>
            pluginId === 'costs' ? costsBaseUrl : `http://unused/${pluginId}`,
          getExternalBaseUrl: async (pluginId: string) =>
            `http://unused/${pluginId}`,
        }),
      }),
    ],
  });
  expect(checks.map(c => c.name)).toEqual(['costs']);
  return checks[0];
}

const request: LaunchAdmissionRequest = {
  user: 'user:default/ada',
  groups: ['group:default/team-vision'],
  workspace: { id: 'w-1', name: 'train' },
  profile: 'gpu',
  resources: { cpu: 4, memoryGiB: 16, gpu: 1 },
  admissionId: 'a-1',
};

describe('workspaces-backend-module-costs', () => {
  it("passes the costs plugin's decisions on, calling as the workspaces plugin", async () => {
    const costs = await startCostsStub(path => {
      if (path.endsWith('/check'))
        return [
          200,
          { allowed: false, reason: 'team-vision uses 1 of 1 GPUs' },
        ];
      if (path.endsWith('/preview'))
        return [200, { facts: [{ label: 'Estimated cost', value: '$2.60' }] }];
      return [204];
    });
    try {
      const check = await registeredCheck(costs.baseUrl);
      expect(await check.check(request)).toEqual({
        allowed: false,
        reason: 'team-vision uses 1 of 1 GPUs',
      });
      expect(await check.preview!(request)).toEqual({
        facts: [{ label: 'Estimated cost', value: '$2.60' }],
      });
      await check.release!({
        id: 'w-1',
        user: 'user:default/ada',
        admissionId: 'a-1',
      });
      expect(costs.calls.map(c => c.path)).toEqual([
        '/api/costs/admission/check',
        '/api/costs/admission/preview',
        '/api/costs/admission/release',
      ]);
      expect(costs.calls[0].body).toEqual(request);
      expect(costs.calls[2].body).toEqual({
        id: 'w-1',
        user: 'user:default/ada',
        admissionId: 'a-1',
      });
      for (const call of costs.calls) {
        expect(call.authorization).toMatch(/^Bearer /);
      }
    } finally {
      await costs.stop();
    }
  });

  it('refuses starts with a "try again" reason when the costs plugin fails, and says the estimate is unavailable', async () => {
    const costs = await startCostsStub(() => [
      500,
      { error: { name: 'Error', message: 'database is down' } },
    ]);
    try {
      const check = await registeredCheck(costs.baseUrl);
      expect(await check.check(request)).toEqual({
        allowed: false,
        reason:
          'Budgets and quotas cannot be checked right now: try again in a minute, or ask an admin if it persists',
      });
      expect(await check.preview!(request)).toEqual({
        facts: [
          {
            label: 'Estimated cost',
            value: 'unavailable right now',
            tone: 'warning',
          },
        ],
      });
      // A failed release goes to the workspaces plugin, which logs it (reconcile heals).
      await expect(
        check.release!({ id: 'w-1', user: 'user:default/ada' }),
      ).rejects.toThrow();
    } finally {
      await costs.stop();
    }
  });
});
