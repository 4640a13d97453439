import * as k8s from '@kubernetes/client-node';
import type { KubeTestServer } from '../types';

/** The real client-node APIs, configured from the server's kubeconfig. */
export function clientsFor(server: KubeTestServer, token?: string) {
  const kc = new k8s.KubeConfig();
  kc.loadFromString(server.kubeconfig());
  if (token) {
    const user = kc.getCurrentUser()!;
    kc.users = kc.users.map(u => (u.name === user.name ? { ...u, token } : u));
  }
  return {
    kc,
    core: kc.makeApiClient(k8s.CoreV1Api),
    apps: kc.makeApiClient(k8s.AppsV1Api),
    custom: kc.makeApiClient(k8s.CustomObjectsApi),
    metrics: new k8s.Metrics(kc),
    watch: new k8s.Watch(kc),
    log: new k8s.Log(kc),
  };
}

/** The Status body of a failed client-node call. */
export function statusOf(error: unknown): { code: number; reason: string; message: string } {
  const e = error as { code?: number; body?: unknown };
  const body = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
  return { code: e.code ?? 0, reason: body?.reason, message: body?.message };
}

/** Waits until `check` passes (it throws until then), polling every 20 ms. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(resolve => setTimeout(resolve, 20));
    }
  }
}
