import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Entity } from '@backstage/catalog-model';
import {
  asUser,
  atriumTestBackendFeatures,
} from '@internal/backend-test-features';
import auditPlugin from '@internal/plugin-audit-backend';
import { atriumAuditorServiceFactory } from '@internal/plugin-audit-node';
import costsPlugin from '@internal/plugin-costs-backend';
import workspacesPlugin from '@internal/plugin-workspaces-backend';
import workspacesModuleCosts from '@internal/plugin-workspaces-backend-module-costs';
import {
  startJupyterHub,
  storeTestDatabases,
  type StartedJupyterHub,
} from '@internal/test-utils';
import type { Knex } from 'knex';
import request from 'supertest';

const person = (name: string, displayName: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { profile: { displayName } },
});
const team = (name: string, title: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default', title },
  spec: { type: 'team', children: [] },
});

/** Two data scientists of one team, and an admin: whom a team quota holds back. */
const TEAM_ENTITIES: Entity[] = [
  person('ada', 'Ada Lovelace'),
  person('alan', 'Alan Turing'),
  person('margaret', 'Margaret Hamilton'),
  team('team-vision', 'Computer vision team'),
  team('platform-admins', 'Platform admins'),
];

/** Who is in which group (what userInfo answers). */
const TEAM_GROUPS: Record<string, string[]> = {
  'user:default/ada': ['group:default/team-vision'],
  'user:default/alan': ['group:default/team-vision'],
  'user:default/margaret': ['group:default/platform-admins'],
};

/** One price sheet: CPU, memory and a GPU price, so every workspace costs something. */
const TEST_PRICES = [
  {
    effectiveFrom: '2026-01-01',
    cpuCoreHour: 0.031,
    memoryGiBHour: 0.004,
    gpuHour: { 'nvidia.com/gpu': 2.48, default: 2 },
    storageGiBMonth: 0.1,
  },
];

jest.setTimeout(180_000);

const databases = storeTestDatabases();

/**
 * Workspaces and costs together, with a REAL JupyterHub (Debian's package): the
 * workspaces plugin's costs module (@internal/plugin-workspaces-backend-module-costs)
 * refuses a GPU start over the group's quota with a reason the person
 * can act on, gives the GPU back when the workspace stops, and metering reads the usage
 * sessions from the workspaces plugin over HTTP.
 */
let hub: StartedJupyterHub;
beforeAll(async () => {
  hub = await startJupyterHub();
});
afterAll(async () => {
  await hub?.stop();
});

/**
 * The scheduler, run by hand: the test decides when metering runs (the plugins' tasks
 * are recorded; none runs on its own).
 */
class ManualScheduler {
  readonly tasks = new Map<string, () => Promise<void>>();
  async scheduleTask(task: { id: string; fn: () => Promise<void> | void }) {
    this.tasks.set(task.id, async () => {
      await task.fn();
    });
  }
  createScheduledTaskRunner() {
    return {
      run: async (task: { id: string; fn: () => Promise<void> | void }) =>
        this.scheduleTask(task),
    };
  }
  async triggerTask(id: string) {
    await this.tasks.get(id)!();
  }
  async getScheduledTasks() {
    return [...this.tasks.keys()].map(id => ({
      id,
      scope: 'global' as const,
      settings: { version: 1 },
    }));
  }
  async cancelTask() {}
}

async function startBackend() {
  const scheduler = new ManualScheduler();
  const knexes = new Map<string, Promise<Knex>>();
  const databaseFactory = createServiceFactory({
    service: coreServices.database,
    deps: { plugin: coreServices.pluginMetadata },
    async factory({ plugin }) {
      const id = plugin.getId();
      if (!knexes.has(id)) knexes.set(id, databases.init('SQLITE_3'));
      return mockServices.database({
        knex: await knexes.get(id)!,
        migrations: { skip: false },
      });
    },
  });
  const { server } = await startTestBackend({
    features: [
      workspacesPlugin,
      costsPlugin,
      workspacesModuleCosts,
      auditPlugin,
      atriumAuditorServiceFactory,
      databaseFactory,
      createServiceFactory({
        service: coreServices.scheduler,
        deps: {},
        factory: () => scheduler as any,
      }),
      catalogServiceMock.factory({ entities: TEAM_ENTITIES }),
      ...atriumTestBackendFeatures({
        groups: TEAM_GROUPS,
        config: {
          costs: { prices: TEST_PRICES },
          workspaces: {
            jupyterhub: { url: hub.url, apiToken: hub.serviceToken },
            reconcile: { schedule: { frequency: { minutes: 10 } } },
            profiles: [
              {
                display_name: 'Small Instance',
                slug: 'small',
                kubespawner_override: { cpu_limit: 2, mem_limit: '8G' },
              },
              {
                display_name: 'GPU Instance',
                slug: 'gpu',
                kubespawner_override: {
                  cpu_limit: 4,
                  mem_limit: '16G',
                  extra_resource_limits: { 'nvidia.com/gpu': 1 },
                },
              },
            ],
          },
        },
      }),
    ],
  });
  return { server, as: asUser, scheduler };
}

/** Waits until a workspace's start settles (the progress stream ends). */
async function settle(server: any, auth: string, id: string) {
  await request(server)
    .get(`/api/workspaces/workspaces/${id}/progress`)
    .set('authorization', auth)
    .buffer(true)
    .parse((response, callback) => {
      response.on('data', () => {});
      response.on('end', () => callback(null, ''));
    });
}

describe('costs admission with the workspaces plugin and a real JupyterHub', () => {
  it('refuses a GPU start over the group quota with an actionable reason, and frees the GPU on stop', async () => {
    const { server, as, scheduler } = await startBackend();
    const quota = await request(server)
      .put('/api/costs/quotas')
      .set('authorization', as('margaret'))
      .send({ subjectRef: 'group:default/team-vision', maxGpu: 1 });
    expect(quota.status).toBe(200);

    const first = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('ada'))
      .send({ name: 'train-1', profile: 'gpu' });
    expect(first.status).toBe(201);
    await settle(server, as('ada'), first.body.id);

    // alan, of the same team, sees the refusal in the launch dialog before trying.
    const preview = await request(server)
      .post('/api/workspaces/launch-preview')
      .set('authorization', as('alan'))
      .send({ profile: 'gpu', name: 'alan-gpu' });
    expect(preview.status).toBe(200);
    expect(preview.body.refusal).toBe(
      "team-vision uses 1 of 1 GPUs: wait for 'train-1' (ada) to stop or ask an admin",
    );
    expect(preview.body.facts).toContainEqual(
      expect.objectContaining({
        label: 'team-vision GPUs',
        value: '1 of 1 in use',
        tone: 'error',
      }),
    );

    const second = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('ada'))
      .send({ name: 'train-2', profile: 'gpu' });
    expect(second.status).toBe(403);
    expect(second.body.error.message).toBe(
      "team-vision uses 1 of 1 GPUs: stop 'train-1' or ask an admin",
    );
    const created = await request(server)
      .get('/api/workspaces/workspaces')
      .set('authorization', as('ada'));
    const train2 = created.body.items.find((w: any) => w.name === 'train-2');

    // A CPU workspace is not held back by a GPU quota.
    const small = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('ada'))
      .send({ name: 'notes', profile: 'small' });
    expect(small.status).toBe(201);
    await settle(server, as('ada'), small.body.id);

    const quotas = await request(server)
      .get('/api/costs/quotas')
      .set('authorization', as('ada'));
    expect(quotas.body).toEqual([
      expect.objectContaining({
        subjectRef: 'group:default/team-vision',
        used: { cpu: 6, memoryGiB: 24, gpu: 1, runningWorkspaces: 2 },
      }),
    ]);

    const stopped = await request(server)
      .post(`/api/workspaces/workspaces/${first.body.id}/stop`)
      .set('authorization', as('ada'));
    expect(stopped.status).toBe(202);
    const started = await request(server)
      .post(`/api/workspaces/workspaces/${train2.id}/start`)
      .set('authorization', as('ada'));
    expect(started.status).toBe(202);
    await settle(server, as('ada'), train2.id);

    // Metering copies the sessions from the workspaces plugin over HTTP: the stopped
    // run and the running ones are in ada's report, named by their profiles.
    await scheduler.triggerTask('costs-metering');
    const report = await request(server)
      .get('/api/costs/report?groupBy=profile')
      .set('authorization', as('ada'));
    expect(report.status).toBe(200);
    expect(report.body.series.map((s: any) => s.label).sort()).toEqual([
      'GPU Instance',
      'Small Instance',
    ]);
    const gpu = report.body.series.find((s: any) => s.key === 'gpu');
    expect(gpu.hours).toBeGreaterThan(0);
    expect(gpu.total).toBeGreaterThan(0);

    for (const id of [train2.id, small.body.id]) {
      await request(server)
        .post(`/api/workspaces/workspaces/${id}/stop`)
        .set('authorization', as('ada'));
    }
  });
});
