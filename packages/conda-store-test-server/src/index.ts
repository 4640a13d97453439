/**
 * A conda-store REST API test server: the routes, pagination, token auth, JSON shapes,
 * error bodies and build lifecycle of conda-store-server 2025.2.x, in memory.
 *
 * @packageDocumentation
 */
import type { AddressInfo } from 'node:net';
import { CondaStoreHttp, Faults } from './server';
import { seedDemo, seedScale } from './seed';
import { CondaStoreState } from './store';
import type { CondaStoreTestServerOptions, CondaStoreToken } from './types';

export type * from './types';
export type { Faults } from './server';
export { CondaStoreState } from './store';

export interface CondaStoreTestServer {
  /** Base URL including the prefix, e.g. `http://127.0.0.1:41234/conda-store`. */
  url: string;
  /** The admin token (`test-token` unless `tokens` says otherwise). */
  token: string;
  state: CondaStoreState;
  faults: Faults & {
    /** Builds stay QUEUED until {@link CondaStoreTestServer.faults.startWorkers} (workers down). */
    stopWorkers(): void;
    startWorkers(): void;
  };
  close(): Promise<void>;
}

export const ADMIN_TOKEN = 'test-token';

export async function startCondaStoreTestServer(
  options: CondaStoreTestServerOptions = {},
): Promise<CondaStoreTestServer> {
  const tokens: Record<string, CondaStoreToken> = options.tokens ?? {
    [ADMIN_TOKEN]: {
      primary_namespace: 'global',
      role_bindings: { '*/*': ['admin'] },
    },
  };
  const state = new CondaStoreState({
    queueMs: options.queueMs ?? 300,
    buildMs: options.buildMs ?? 700,
  });
  const seed = options.seed ?? 'demo';
  if (seed === 'demo') seedDemo(state);
  else if (seed !== 'empty')
    seedScale(state, seed.environments, seed.buildsPerEnvironment);
  const urlPrefix = options.urlPrefix ?? '/conda-store';
  const http = new CondaStoreHttp(state, tokens, {
    urlPrefix,
    maxPageSize: options.maxPageSize ?? 100,
  });
  await new Promise<void>((resolve, reject) => {
    http.server.once('error', reject);
    http.server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = http.server.address() as AddressInfo;
  const faults = Object.assign(http.faults, {
    stopWorkers: () => {
      state.workersStopped = true;
    },
    startWorkers: () => {
      state.workersStopped = false;
    },
  });
  return {
    url: `http://127.0.0.1:${port}${urlPrefix}`,
    token: Object.keys(tokens)[0],
    state,
    faults,
    close: async () => {
      state.close();
      http.server.closeAllConnections();
      await new Promise<void>(resolve => http.server.close(() => resolve()));
    },
  };
}
