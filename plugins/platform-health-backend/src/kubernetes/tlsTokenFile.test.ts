import type { V1Pod } from '@kubernetes/client-node';
import {
  startKubeTestServer,
  type KubeTestServer,
} from '@internal/kube-test-server';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLATFORM_OBJECTS } from '../__testUtils__/platformCluster';
import { eventually, startCache, stopCaches } from './__testUtils__/cacheFor';

jest.setTimeout(30_000);

/** As the kubelet does: the new token is written beside the file, then moved over it. */
function writeToken(path: string, token: string) {
  writeFileSync(`${path}.new`, token);
  renameSync(`${path}.new`, path);
}

describe('a cluster over TLS with a rotated token file', () => {
  let kube: KubeTestServer;
  let dir: string;
  beforeEach(async () => {
    kube = await startKubeTestServer({
      seed: { objects: PLATFORM_OBJECTS },
      bookmarkIntervalMs: 100,
      tls: true,
    });
    dir = mkdtempSync(join(tmpdir(), 'platform-health-token-'));
  });
  afterEach(async () => {
    await stopCaches();
    await kube.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('verifies the server against its CA, and picks up a new token when the old one expires', async () => {
    expect(kube.url).toMatch(/^https:/);
    const tokenFile = join(dir, 'token');
    writeToken(tokenFile, kube.token);
    const cache = startCache(kube, {}, undefined, {
      tokenFile,
      caData: kube.caData,
    });
    expect(await cache.waitForSync(10_000)).toBe(true);
    await eventually(() => expect(cache.freshness().stale).toBe(false));

    // Without the CA the server's certificate is not trusted.
    const untrusting = startCache(kube, {}, undefined, { tokenFile });
    await eventually(() =>
      expect(untrusting.freshness().error).toMatch(/certificate/i),
    );

    // The token expires (the server takes only the next one): 401 until the file changes.
    kube.faults.rotateToken('second-token');
    kube.faults.dropWatches();
    await eventually(() =>
      expect(cache.freshness().error).toMatch(/401|Unauthorized/),
    );
    writeToken(tokenFile, 'second-token\n');
    kube.faults.crashLoop('dev', 'grafana-84c-z3');
    await eventually(() => {
      expect(cache.freshness()).toMatchObject({ stale: false });
      expect(cache.freshness().error).toBeUndefined();
      const grafana = cache
        .list<V1Pod>('pods', 'dev')
        .find(p => p.metadata?.name === 'grafana-84c-z3');
      expect(
        grafana?.status?.containerStatuses?.[0]?.state?.waiting?.reason,
      ).toBe('CrashLoopBackOff');
    }, 15_000);
  });
});
