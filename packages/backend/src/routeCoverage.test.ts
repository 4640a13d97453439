import path from 'node:path';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigSources } from '@backstage/config-loader';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import { atriumAuditorServiceFactory } from '@internal/plugin-audit-node';
import auditPlugin from '@internal/plugin-audit-backend';
import costsPlugin from '@internal/plugin-costs-backend';
import dataAccessPlugin from '@internal/plugin-data-access-backend';
import environmentsPlugin from '@internal/plugin-environments-backend';
import platformHealthPlugin from '@internal/plugin-platform-health-backend';
import resultsPlugin from '@internal/plugin-results-backend';
import rolesPlugin from '@internal/plugin-roles-backend';
import workspacesPlugin from '@internal/plugin-workspaces-backend';
import type { Router } from 'express';
// The matrix is the browser suite's (e2e-tests is not a package): one table, read here
// to compare with the routers and there to call each route as each persona.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { PERMISSION_MATRIX } from '../../../e2e-tests/permissionMatrix';

jest.setTimeout(120_000);

const REPO_ROOT = path.resolve(__dirname, '../../..');

/** Atrium's backend plugins: each serves routes under /api/<id>. */
const ATRIUM_PLUGINS = {
  roles: rolesPlugin,
  audit: auditPlugin,
  workspaces: workspacesPlugin,
  costs: costsPlugin,
  'platform-health': platformHealthPlugin,
  results: resultsPlugin,
  'data-access': dataAccessPlugin,
  environments: environmentsPlugin,
};

interface Route {
  method: string;
  path: string;
}

/**
 * The routes an Express router registers, read from the router itself (Express 4's
 * layer stack), routers mounted inside it included.
 */
function routesOf(router: Router, prefix = ''): Route[] {
  return (router.stack as any[]).flatMap(layer => {
    if (layer.route) {
      return Object.keys(layer.route.methods)
        .filter(m => m !== '_all')
        .map(method => ({
          method: method.toUpperCase(),
          path: `${prefix}${layer.route.path}`,
        }));
    }
    if (layer.name === 'router' && layer.handle?.stack) {
      // Express 4 keeps a mounted router's path only as a regexp: /^\/budgets\/?(?=\/|$)/i
      const mount = String(layer.regexp.source)
        .replace(/^\^/, '')
        .replace(/\\\/\?\(\?=\\\/\|\$\)$/, '')
        .replace(/\\\//g, '/');
      return routesOf(layer.handle, `${prefix}${mount === '/' ? '' : mount}`);
    }
    return [];
  });
}

/** The matrix rows' method and path (no query), with `{ws}` as any one segment. */
function matrixCovers(pluginId: string, route: Route): boolean {
  const pattern = new RegExp(
    `^/api/${pluginId}${route.path.replace(/:[^/]+/g, '[^/]+')}$`,
  );
  return PERMISSION_MATRIX.some(
    row =>
      row.method === route.method &&
      pattern.test(row.path.split('?')[0].replace('{ws}', 'ws-id')),
  );
}

/** The repo's app-config.yaml as the backend reads it, every ${VARIABLE} set to '1'. */
async function appConfig(): Promise<JsonObject> {
  const source = ConfigSources.default({
    argv: ['--config', path.resolve(REPO_ROOT, 'app-config.yaml')],
    substitutionFunc: async () => '1',
    watch: false,
  });
  const config = await ConfigSources.toConfig(source);
  const data = config.get<JsonObject>();
  config.close();
  return data;
}

async function registeredRoutes(): Promise<Map<string, Route[]>> {
  const routers = new Map<string, Router[]>();
  // Records what each plugin hands to the HTTP router, instead of serving it.
  const recordingHttpRouter = createServiceFactory({
    service: coreServices.httpRouter,
    deps: { plugin: coreServices.pluginMetadata },
    factory: ({ plugin }) => ({
      use: (handler: any) => {
        routers.set(plugin.getId(), [
          ...(routers.get(plugin.getId()) ?? []),
          handler,
        ]);
      },
      addAuthPolicy: () => {},
      addWebSocketHandler: () => {},
    }),
  });
  const data = await appConfig();
  const backend = await startTestBackend({
    features: [
      ...Object.values(ATRIUM_PLUGINS),
      atriumAuditorServiceFactory,
      recordingHttpRouter,
      catalogServiceMock.factory({ entities: [] }),
      mockServices.rootConfig.factory({
        data: {
          ...data,
          costs: {
            ...(data.costs as JsonObject),
            demoData: { enabled: false },
          },
          // Nothing answers here: the plugins start, their tasks fail quietly.
          workspaces: {
            ...(data.workspaces as JsonObject),
            jupyterhub: { url: 'http://127.0.0.1:9', apiToken: 'unused' },
          },
          platformHealth: { clusters: [], services: { components: {} } },
        },
      }),
    ],
  });
  await backend.stop();
  return new Map(
    [...routers].map(([id, list]) => [id, list.flatMap(r => routesOf(r))]),
  );
}

describe('the permission matrix covers every route of every Atrium router', () => {
  let routes: Map<string, Route[]>;
  beforeAll(async () => {
    routes = await registeredRoutes();
  });

  it('reads the routes from the routers themselves', () => {
    const count = [...routes.values()].reduce((n, list) => n + list.length, 0);
    expect(count).toBeGreaterThan(40);
    expect([...routes.keys()].sort()).toEqual(Object.keys(ATRIUM_PLUGINS).sort());
    // A few every release has, so an empty read cannot pass.
    expect(routes.get('roles')).toContainEqual({ method: 'GET', path: '/me' });
    expect(routes.get('workspaces')).toContainEqual({
      method: 'POST',
      path: '/workspaces/:id/start',
    });
  });

  it('has a matrix row for each route (e2e-tests/permissionMatrix.ts)', () => {
    const missing = [...routes].flatMap(([id, list]) =>
      list
        // Backstage's permission integration (permissionsRegistry) adds these to every
        // plugin that registers permissions; the framework guards them, not Atrium.
        .filter(route => !route.path.startsWith('/.well-known/backstage/'))
        .filter(route => !matrixCovers(id, route))
        .map(route => `${route.method} /api/${id}${route.path}`),
    );
    expect(missing).toEqual([]);
  });

  it('would fail for a route without a row', () => {
    expect(
      matrixCovers('workspaces', { method: 'POST', path: '/workspaces/:id/share' }),
    ).toBe(false);
    expect(
      matrixCovers('workspaces', { method: 'POST', path: '/workspaces/:id/stop' }),
    ).toBe(true);
  });
});

