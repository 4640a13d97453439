import {
  coreServices,
  createBackendPlugin,
  type AuthService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import {
  catalogServiceRef,
  type CatalogService,
} from '@backstage/plugin-catalog-node';
import path from 'node:path';
import catalogModuleAtriumLocalGit from '@internal/plugin-catalog-backend-module-atrium-local-git';

/** Teams, a person and a project. */
export const FIXTURE_CATALOG = path.resolve(
  __dirname,
  '../__fixtures__/catalog.yaml',
);
/** Environment versions: production, deprecated, and one with an unpinned package. */
export const FIXTURE_ENVIRONMENTS = path.resolve(
  __dirname,
  '../__fixtures__/environments.yaml',
);
/** The repository root (templates/, examples/). */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

export const ada = mockCredentials.user('user:default/ada');

export interface TestCatalog {
  catalog: CatalogService;
  auth: AuthService;
  stop(): Promise<void>;
}

/** Polls until `check` gives a value (the catalog processes in the background). */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

/**
 * A real catalog backend reading this package's fixture entities (and local git
 * repositories under `gitRoot`), and the catalog service and auth a plugin gets.
 */
export async function startTestCatalog(gitRoot: string): Promise<TestCatalog> {
  let captured: { catalog: CatalogService; auth: AuthService } | undefined;
  const capture = createBackendPlugin({
    pluginId: 'scaffolder',
    register(env) {
      env.registerInit({
        deps: { catalog: catalogServiceRef, auth: coreServices.auth },
        async init(deps) {
          captured = deps;
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      catalogBackend,
      catalogModuleAtriumLocalGit,
      capture,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          atrium: { scaffolder: { localGit: { root: gitRoot } } },
          catalog: {
            rules: [
              { allow: ['Component', 'Group', 'User', 'Resource', 'Location'] },
            ],
            locations: [
              { type: 'file', target: FIXTURE_CATALOG },
              { type: 'file', target: FIXTURE_ENVIRONMENTS },
            ],
          },
        },
      }),
    ],
  });
  const { catalog, auth } = captured!;
  await eventually(() =>
    catalog.getEntityByRef('resource:default/loose-python-2026.11', {
      credentials: ada,
    }),
  );
  return { catalog, auth, stop: () => backend.stop() };
}
