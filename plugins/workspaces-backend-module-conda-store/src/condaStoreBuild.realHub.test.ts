import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  asUser,
  atriumTestBackendFeatures,
} from '@internal/backend-test-features';
import {
  startCondaStoreTestServer,
  type CondaStoreTestServer,
} from '@internal/conda-store-test-server';
import {
  CONDA_STORE_BUILD_ANNOTATION,
  CONDA_STORE_ENVIRONMENT_ANNOTATION,
  CONDA_STORE_NAMESPACE_ANNOTATION,
  ENVIRONMENT_ANNOTATION,
} from '@internal/plugin-environments-common';
// The end-to-end test runs the plugin this module joins, as the backend does.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import workspacesPlugin from '@internal/plugin-workspaces-backend';
import {
  onBehalfOfAuthFactory,
  startJupyterHub,
  type StartedJupyterHub,
} from '@internal/test-utils';
import request from 'supertest';
import workspacesModuleCondaStore from '.';

jest.setTimeout(180_000);

/**
 * A conda-store environment's build from the catalog through the workspaces plugin and
 * this module (checked in the conda-store test server through the real client) to the
 * real Debian JupyterHub, read back from the hub's own API.
 */
const GROUPS = { 'user:default/ada': ['group:default/team-vision'] };
const ENVIRONMENT = 'resource:default/team-vision-vision-training';
const PROJECT = 'component:default/cats-vs-dogs';

const spec = (dependencies: string[]) => ({
  name: 'vision-training',
  channels: ['conda-forge'],
  dependencies,
});

const environmentEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'team-vision-vision-training',
    namespace: 'default',
    annotations: {
      [CONDA_STORE_NAMESPACE_ANNOTATION]: 'team-vision',
      [CONDA_STORE_ENVIRONMENT_ANNOTATION]: 'vision-training',
    },
  },
  spec: { type: 'conda-environment', owner: 'group:default/team-vision' },
};
const ENTITIES: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'ada', namespace: 'default' },
    spec: { memberOf: ['team-vision'] },
    relations: [{ type: 'memberOf', targetRef: 'group:default/team-vision' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-vision', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'cats-vs-dogs',
      namespace: 'default',
      annotations: { [ENVIRONMENT_ANNOTATION]: ENVIRONMENT },
    },
    spec: {
      type: 'data-science-project',
      owner: 'group:default/team-vision',
      lifecycle: 'production',
    },
  },
  environmentEntity,
];

/** What the catalog provider does after a sync: the entity names the current build. */
function catalogShowsCurrentBuild(buildId: number) {
  environmentEntity.metadata.annotations![CONDA_STORE_BUILD_ANNOTATION] =
    String(buildId);
}

let hub: StartedJupyterHub;
let condaStore: CondaStoreTestServer;
beforeAll(async () => {
  [hub, condaStore] = await Promise.all([
    startJupyterHub(),
    startCondaStoreTestServer({ seed: 'empty' }),
  ]);
});
afterAll(async () => {
  await hub?.stop();
  await condaStore?.close();
});

async function startBackend() {
  const { server } = await startTestBackend({
    features: [
      workspacesPlugin,
      workspacesModuleCondaStore,
      catalogServiceMock.factory({ entities: ENTITIES }),
      onBehalfOfAuthFactory,
      mockServices.scheduler.factory(),
      ...atriumTestBackendFeatures({
        groups: GROUPS,
        config: {
          app: { baseUrl: 'http://localhost:3000' },
          environments: {
            condaStore: { url: condaStore.url, token: condaStore.token },
          },
          workspaces: {
            jupyterhub: { url: hub.url, apiToken: hub.serviceToken },
            profiles: [
              { display_name: 'Small Instance', slug: 'small', default: true },
            ],
          },
        },
      }),
    ],
  });
  return server;
}

/** The user_options the hub holds for one of Ada's servers (the hub's own API). */
async function hubUserOptions(server: string) {
  const user = await fetch(`${hub.apiUrl}/users/ada`, {
    headers: { authorization: `token ${hub.serviceToken}` },
  });
  expect(user.status).toBe(200);
  return (await user.json()).servers[server]?.user_options;
}

describe('a conda-store build from the catalog to the real hub', () => {
  it('launches with the current build, reproduces with the recorded one after a newer became current, and refuses a failed or deleted build', async () => {
    const at = Date.now() - 5 * 86_400_000;
    const onFirst = condaStore.state.register(
      'team-vision',
      spec(['python=3.12', 'numpy']),
      { at, finished: true },
    ).id;
    catalogShowsCurrentBuild(onFirst);
    const server = await startBackend();
    const ada = asUser('ada');

    // The launch dialog for the project shows the build it would run.
    const preview = await request(server)
      .post('/api/workspaces/launch-preview')
      .set('authorization', ada)
      .send({ profile: 'small', project: PROJECT, name: 'training' });
    expect(preview.status).toBe(200);
    expect(preview.body.facts).toContainEqual({
      check: 'conda-store',
      label: 'Environment',
      value: `team-vision/vision-training, build #${onFirst}`,
    });
    expect(preview.body.refusal).toBeUndefined();

    const created = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', ada)
      .send({ name: 'training', profile: 'small', project: PROJECT });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      environment: ENVIRONMENT,
      environmentBuild: onFirst,
    });
    const sent = await hubUserOptions('training');
    expect(sent).toMatchObject({
      profile: 'small',
      atrium_environment: {
        kind: 'conda-store',
        namespace: 'team-vision',
        environment: 'vision-training',
        buildId: onFirst,
        prefix: expect.stringMatching(
          new RegExp(
            `^/home/conda/team-vision/[0-9a-f]{8}-\\d{10}-${onFirst}-vision-training$`,
          ),
        ),
      },
    });
    const history = await request(server)
      .get(`/api/workspaces/workspaces/${created.body.id}/events`)
      .set('authorization', ada);
    expect(
      history.body.items.find((e: any) => e.status === 'starting'),
    ).toMatchObject({
      environment: ENVIRONMENT,
      environmentBuild: onFirst,
      reason: expect.stringContaining(
        `environment team-vision/vision-training, build #${onFirst}`,
      ),
    });

    // A failed build, then a newer one that becomes current (and the catalog says so).
    const failed = condaStore.state.register(
      'team-vision',
      spec(['numpy', 'scikit-imagee']),
      { at: at + 1000, finished: true },
    ).id;
    const current = condaStore.state.register(
      'team-vision',
      spec(['python=3.12', 'pandas']),
      { at: at + 2000, finished: true },
    ).id;
    catalogShowsCurrentBuild(current);

    // A reproduction runs the build the original recorded, not the current one.
    const reproduction = await request(server)
      .post(`/api/workspaces/workspaces/${created.body.id}/reproduce`)
      .set('authorization', ada)
      .send({});
    expect(reproduction.status).toBe(201);
    expect(reproduction.body).toMatchObject({
      name: 'training-repro-1',
      environmentBuild: onFirst,
    });
    expect(
      (await hubUserOptions('training-repro-1')).atrium_environment.buildId,
    ).toBe(onFirst);
    // A new launch for the project takes the current build.
    const fresh = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', ada)
      .send({ name: 'training-new', profile: 'small', project: PROJECT });
    expect(fresh.body.environmentBuild).toBe(current);
    expect(
      (await hubUserOptions('training-new')).atrium_environment.buildId,
    ).toBe(current);

    // A failed build is refused before the hub is asked, saying what to do.
    const onFailed = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', ada)
      .send({
        name: 'on-failed',
        profile: 'small',
        project: PROJECT,
        environment: ENVIRONMENT,
        environmentBuild: failed,
      });
    expect(onFailed.status).toBe(400);
    expect(onFailed.body.error.message).toBe(
      `Build #${failed} of team-vision/vision-training failed: launch a new workspace for it, which uses the current build (#${current}), or rebuild #${failed}'s specification in conda-store`,
    );
    expect(await hubUserOptions('on-failed')).toBeUndefined();

    // The original's build deleted in conda-store: the preview says so, the reproduction is refused.
    const deleted = await fetch(`${condaStore.url}/api/v1/build/${onFirst}/`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${condaStore.token}` },
    });
    expect(deleted.status).toBe(200);
    const gone = `Build #${onFirst} of team-vision/vision-training was deleted in conda-store (its environment files are gone): launch a new workspace for it, which uses the current build (#${current}), or rebuild #${onFirst}'s specification in conda-store`;
    const reproducePreview = await request(server)
      .post('/api/workspaces/launch-preview')
      .set('authorization', ada)
      .send({
        profile: 'small',
        project: PROJECT,
        reproducedFrom: created.body.id,
      });
    expect(reproducePreview.body.refusal).toBe(gone);
    expect(reproducePreview.body.facts).toContainEqual({
      check: 'conda-store',
      label: 'Environment',
      value: `team-vision/vision-training, build #${onFirst}`,
      tone: 'error',
    });
    const refused = await request(server)
      .post(`/api/workspaces/workspaces/${created.body.id}/reproduce`)
      .set('authorization', ada)
      .send({});
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe(gone);
    expect(await hubUserOptions('training-repro-2')).toBeUndefined();
  });
});
