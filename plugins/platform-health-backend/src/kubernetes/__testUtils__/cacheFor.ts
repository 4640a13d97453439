import { mockServices } from '@backstage/backend-test-utils';
import type { KubeTestServer } from '@internal/kube-test-server';
import { ClusterCache } from '../ClusterCache';

type CacheOptions = ConstructorParameters<typeof ClusterCache>[1];

const started: ClusterCache[] = [];

/** A started cache of the test server's cluster, stopped by {@link stopCaches}. */
export function startCache(
  kube: KubeTestServer,
  options: Partial<CacheOptions> = {},
  token = kube.token,
  /** Instead of the token and no TLS verification. */
  connection?: { tokenFile?: string; caData?: string; skipTLSVerify?: boolean },
): ClusterCache {
  const cache = new ClusterCache(
    {
      name: 'demo',
      title: 'Demo',
      simulated: true,
      connection: {
        type: 'url',
        url: kube.url,
        ...(connection
          ? { skipTLSVerify: false, ...connection }
          : { token, skipTLSVerify: true }),
      },
    },
    {
      requestTimeoutMs: 2000,
      staleAfterMs: 60_000,
      heartbeatIntervalMs: 100,
      metricsIntervalMs: 200,
      logger: mockServices.logger.mock(),
      ...options,
    },
  );
  cache.start();
  started.push(cache);
  return cache;
}

export async function stopCaches() {
  await Promise.all(started.splice(0).map(c => c.stop()));
}

export const sleep = (ms: number) =>
  new Promise(resolve => setTimeout(resolve, ms));

/** Waits until `check` passes (it throws until then). */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(50);
    }
  }
}
