import {
  startKubeTestServer,
  type KubeTestServer,
} from '@internal/kube-test-server';
import {
  freePort,
  startService,
  type StartedService,
} from '@internal/test-utils';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PLATFORM_OBJECTS } from './__testUtils__/platformCluster';

jest.setTimeout(120_000);

/**
 * Backstage's own Kubernetes plugin, configured the way app-config.yaml configures it for
 * the demo (config cluster locator, service-account token, multiTenant), against the
 * Kubernetes API test server: what the entity's Kubernetes tab shows.
 */
describe('the Kubernetes backend plugin against the test server', () => {
  let kube: KubeTestServer;
  let backend: StartedService | undefined;
  let dir: string;
  let baseUrl: string;

  beforeAll(async () => {
    kube = await startKubeTestServer({ seed: { objects: PLATFORM_OBJECTS } });
    kube.faults.crashLoop('dev', 'conda-store-worker-6f7d-y2');
    dir = mkdtempSync(path.join(os.tmpdir(), 'atrium-k8s-backend-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const config = {
      backend: {
        baseUrl,
        listen: { port, host: '127.0.0.1' },
        database: { client: 'better-sqlite3', connection: ':memory:' },
        // The test calls the routes without signing in.
        auth: { dangerouslyDisableDefaultAuthPolicy: true },
      },
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'demo',
                url: kube.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: kube.token,
                skipTLSVerify: true,
              },
            ],
          },
        ],
      },
    };
    const configFile = path.join(dir, 'app-config.json');
    writeFileSync(configFile, JSON.stringify(config));
    backend = await startService({
      name: 'kubernetes backend',
      command: process.execPath,
      args: [
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
        // eslint-disable-next-line no-restricted-syntax
        path.join(__dirname, '__testUtils__/kubernetesBackend.ts'),
        '--config',
        configFile,
      ],
      // eslint-disable-next-line no-restricted-syntax
      cwd: path.resolve(__dirname, '..'),
      env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn' },
      readyUrl: `${baseUrl}/.backstage/health/v1/readiness`,
      readyTimeoutMs: 90_000,
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await kube?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists a component's pods and deployments, with the crash-looping pod", async () => {
    const res = await fetch(
      `${baseUrl}/api/kubernetes/resources/workloads/query`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          auth: {},
          entityRef: 'component:default/conda-store',
        }),
      },
    );
    const body = await res.json();
    expect({ status: res.status, error: body.error?.message }).toEqual({
      status: 200,
      error: undefined,
    });
    const [cluster] = body.items;
    expect(cluster.cluster.name).toBe('demo');
    expect(cluster.errors).toEqual([]);
    const byType = Object.fromEntries(
      cluster.resources.map((r: any) => [r.type, r.resources]),
    );
    expect(byType.pods.map((p: any) => p.metadata.name).sort()).toEqual([
      'conda-store-server-5c6b-x1',
      'conda-store-worker-6f7d-y2',
    ]);
    const worker = byType.pods.find(
      (p: any) => p.metadata.name === 'conda-store-worker-6f7d-y2',
    );
    expect(worker.status.containerStatuses[0].state.waiting.reason).toBe(
      'CrashLoopBackOff',
    );
    expect(byType.deployments.map((d: any) => d.metadata.name).sort()).toEqual([
      'conda-store-server',
      'conda-store-worker',
    ]);
  });
});
