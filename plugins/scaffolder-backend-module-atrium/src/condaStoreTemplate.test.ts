import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import permissionBackend from '@backstage/plugin-permission-backend';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import {
  startCondaStoreTestServer,
  type CondaStoreTestServer,
} from '@internal/conda-store-test-server';
import { CondaStoreClient } from '@internal/plugin-environments-node';
import atriumPolicyModule from '@internal/plugin-permission-backend-module-atrium-policy';
// The portal's permissions run in this test: a module's test may start other plugins.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import rolesBackend from '@internal/plugin-roles-backend';
import { onBehalfOfAuthFactory } from '@internal/test-utils';
import path from 'node:path';
import request from 'supertest';
import { runTemplateOn } from './__testUtils__/runTemplate';
import {
  eventually,
  FIXTURE_CATALOG,
  REPO_ROOT,
} from './__testUtils__/testCatalog';
import scaffolderModuleAtrium from './index';

jest.setTimeout(120_000);

/**
 * The conda-store-environment template run by the REAL scaffolder backend (real catalog
 * with the repo's templates, real permission backend with Atrium's policy) against the
 * conda-store API test server: the form's values become the action's input as the
 * template's expressions say (the namespace from the user or the chosen team).
 */
let condaStore: CondaStoreTestServer;
let server: any;
let stopBackend: () => Promise<void>;

const teams: Record<string, string[]> = {
  'user:default/ada': ['group:default/team-vision'],
};

beforeAll(async () => {
  condaStore = await startCondaStoreTestServer({
    seed: 'demo',
    // Long enough for the action's 2-second polls to see each status.
    queueMs: 500,
    buildMs: 3_000,
  });
  const backend = await startTestBackend({
    features: [
      catalogBackend,
      catalogModuleTemplateKind,
      scaffolderBackend,
      scaffolderModuleAtrium,
      permissionBackend,
      atriumPolicyModule,
      rolesBackend,
      onBehalfOfAuthFactory,
      mockServices.userInfo.mock({
        getUserInfo: async credentials => {
          const ref = (credentials.principal as { userEntityRef: string })
            .userEntityRef;
          return {
            userEntityRef: ref,
            ownershipEntityRefs: [ref, ...(teams[ref] ?? [])],
          };
        },
      }).factory,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          permission: { enabled: true },
          atrium: { roles: { admin: ['group:default/platform-admins'] } },
          environments: {
            condaStore: {
              url: condaStore.url,
              token: condaStore.token,
              requirePinned: true,
            },
          },
          catalog: {
            rules: [{ allow: ['Component', 'Group', 'User', 'Resource'] }],
            locations: [
              { type: 'file', target: FIXTURE_CATALOG },
              {
                type: 'file',
                target: path.join(
                  REPO_ROOT,
                  'templates/conda-store-environment/template.yaml',
                ),
                rules: [{ allow: ['Template'] }],
              },
            ],
          },
        },
      }),
    ],
  });
  server = backend.server;
  stopBackend = () => backend.stop();
  await eventually(async () => {
    const res = await request(server)
      .get(
        '/api/catalog/entities/by-name/template/default/conda-store-environment',
      )
      .set('authorization', mockCredentials.user.header('user:default/ada'));
    return res.status === 200 ? true : undefined;
  }, 30_000);
});

afterAll(async () => {
  await stopBackend?.();
  await condaStore?.close();
});

const client = () =>
  new CondaStoreClient({ url: condaStore.url, token: condaStore.token });

const values = {
  namespaceKind: 'own',
  name: 'churn-analysis',
  description: 'Churn forecasting',
  channels: ['conda-forge'],
  dependencies: ['python=3.12.7', 'pandas=2.2.3', 'pip=24.3.1'],
  pip: ['great-tables==0.14.0'],
};

describe('conda-store-environment through the real scaffolder', () => {
  it("builds in the user's own namespace, with the build's progress in the task log", async () => {
    const { task, log, output } = await runTemplateOn(
      server,
      values,
      'conda-store-environment',
    );
    expect(task.status).toBe('completed');
    expect(log).toMatch(/Build \d+ of ada\/churn-analysis: QUEUED/);
    expect(log).toMatch(/Build \d+ of ada\/churn-analysis: BUILDING/);
    expect(log).toMatch(/Build \d+ of ada\/churn-analysis: COMPLETED/);
    const environment = await client().getEnvironment('ada', 'churn-analysis');
    expect(output.buildId).toBe(environment.current_build_id);
    expect(output.links).toEqual([
      expect.objectContaining({
        url: '/catalog/default/resource/ada-churn-analysis',
      }),
    ]);
  });

  it("builds in the chosen team's namespace", async () => {
    const { task } = await runTemplateOn(
      server,
      {
        ...values,
        namespaceKind: 'team',
        team: 'group:default/team-vision',
        name: 'vision-notebooks',
      },
      'conda-store-environment',
    );
    expect(task.status).toBe('completed');
    await expect(
      client().getEnvironment('team-vision', 'vision-notebooks'),
    ).resolves.toMatchObject({ name: 'vision-notebooks' });
  });

  it("fails with the site's rule and the person's teams, and builds nothing", async () => {
    const unpinned = await runTemplateOn(
      server,
      { ...values, name: 'loose', dependencies: ['python', 'pip=24.3.1'] },
      'conda-store-environment',
    );
    expect(unpinned.task.status).toBe('failed');
    expect(unpinned.log).toContain(
      'This site requires exact versions: python names no version: write python=X.Y.Z (or python==X.Y.Z) with the exact version.',
    );
    const notMine = await runTemplateOn(
      server,
      {
        ...values,
        namespaceKind: 'team',
        team: 'group:default/team-genomics',
        name: 'genomics-notebooks',
      },
      'conda-store-environment',
    );
    expect(notMine.task.status).toBe('failed');
    expect(notMine.log).toContain(
      "You may not build environments in the conda-store namespace 'team-genomics': choose your own (ada) or one of your teams' (team-vision).",
    );
    expect(
      await client().listEnvironments({ name: 'genomics-notebooks' }),
    ).toEqual([]);
    expect(await client().listEnvironments({ name: 'loose' })).toEqual([]);
  });
});
