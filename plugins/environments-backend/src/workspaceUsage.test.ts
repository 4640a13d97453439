import { createServiceFactory } from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import {
  asUser,
  atriumTestBackendFeatures,
} from '@internal/backend-test-features';
import {
  startCondaStoreTestServer,
  type CondaStoreTestServer,
} from '@internal/conda-store-test-server';
import type {
  CondaStoreBuildUsageList,
  CondaStoreOverview,
} from '@internal/plugin-environments-common';
import { CondaStoreClient } from '@internal/plugin-environments-node';
import type { EnvironmentUsageReport } from '@internal/plugin-workspaces-common';
import {
  workspacesApiServiceRef,
  type WorkspacesApi,
} from '@internal/plugin-workspaces-node';
import request from 'supertest';
import { environmentsPlugin } from './plugin';

jest.setTimeout(60_000);

/*
 * Which conda-store builds workspaces use, as the overview (DevOps) and the builds card
 * (everyone) show it: conda-store is the test server; the workspaces backend's answer
 * comes from a test WorkspacesApi (its route is tested for real in workspaces-backend).
 */
const GROUPS: Record<string, string[]> = {
  'user:default/ada': ['group:default/team-vision'],
  'user:default/linus': ['group:default/platform-ops'],
};

/** What the test WorkspacesApi answers next: a report or a failure. */
let usageAnswer: () => Promise<EnvironmentUsageReport>;
const asked: string[] = [];

const testWorkspacesApi = createServiceFactory({
  service: workspacesApiServiceRef,
  deps: {},
  factory: () =>
    ({
      getEnvironmentUsage: async ({ since }: { since: string }) => {
        asked.push(since);
        return usageAnswer();
      },
    } as unknown as WorkspacesApi),
});

describe('workspace usage of conda-store builds', () => {
  let condaStore: CondaStoreTestServer;
  let server: any;
  let stop: () => Promise<void>;
  let currentVisionBuild: number;

  beforeAll(async () => {
    condaStore = await startCondaStoreTestServer({ seed: 'demo' });
    const client = new CondaStoreClient({
      url: condaStore.url,
      token: condaStore.token,
    });
    currentVisionBuild = (
      await client.getEnvironment('team-vision', 'vision-training')
    ).current_build_id;
    const backend = await startTestBackend({
      features: [
        environmentsPlugin,
        testWorkspacesApi,
        ...atriumTestBackendFeatures({
          groups: GROUPS,
          config: {
            environments: {
              condaStore: { url: condaStore.url, token: condaStore.token },
            },
          },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
  });
  afterAll(async () => {
    await stop();
    await condaStore.close();
  });

  const visionUsage = (): EnvironmentUsageReport => ({
    since: '2026-09-06T00:00:00.000Z',
    items: [
      {
        environment: 'resource:default/team-vision-vision-training',
        environmentBuild: currentVisionBuild,
        running: [
          {
            id: 'w1',
            owner: 'user:default/ada',
            name: 'training',
            project: 'component:default/cats-vs-dogs',
          },
        ],
        projects: ['component:default/cats-vs-dogs'],
        lastUsedAt: '2026-12-05T06:00:00.000Z',
      },
      // A curated environment: no build, not conda-store's.
      {
        environment: 'resource:default/python-3-11',
        running: [],
        projects: [],
        lastUsedAt: '2026-11-01T00:00:00.000Z',
      },
    ],
  });

  it('lists idle the conda-store environments no workspace used in the window, and who uses the others', async () => {
    usageAnswer = async () => visionUsage();
    asked.length = 0;
    const res = await request(server)
      .get('/api/environments/conda-store/overview')
      .set('authorization', asUser('linus'));
    expect(res.status).toBe(200);
    const overview = res.body as CondaStoreOverview;
    expect(overview.workspaceUsage).toEqual({ known: true });
    // Asked for the 90 days before now.
    expect(Date.now() - Date.parse(asked[0])).toBeGreaterThan(89 * 86_400_000);
    expect(overview.buildsInUse).toEqual([
      {
        buildId: currentVisionBuild,
        namespace: 'team-vision',
        environment: 'vision-training',
        running: visionUsage().items[0].running,
        projects: ['component:default/cats-vs-dogs'],
        lastUsedAt: '2026-12-05T06:00:00.000Z',
      },
    ]);
    const idle = overview.idleEnvironments.map(
      e => `${e.namespace}/${e.environment}`,
    );
    // Built recently but used by no workspace: idle now.
    expect(idle.length).toBeGreaterThan(0);
    expect(idle).not.toContain('team-vision/vision-training');
  });

  it('still answers the overview when the workspaces backend fails, saying why usage is unknown', async () => {
    usageAnswer = async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:7007');
    };
    const res = await request(server)
      .get('/api/environments/conda-store/overview')
      .set('authorization', asUser('linus'));
    expect(res.status).toBe(200);
    expect(res.body.workspaceUsage).toEqual({
      known: false,
      reason: expect.stringContaining('connect ECONNREFUSED 127.0.0.1:7007'),
    });
    expect(res.body.buildsInUse).toEqual([]);
  });

  it('tells everyone how many running workspaces and which projects use each build asked', async () => {
    usageAnswer = async () => visionUsage();
    const res = await request(server)
      .get(
        `/api/environments/conda-store/build-usage?builds=${currentVisionBuild},999`,
      )
      .set('authorization', asUser('ada'));
    expect(res.status).toBe(200);
    const body = res.body as CondaStoreBuildUsageList;
    expect(body).toEqual({
      workspaceUsage: { known: true },
      items: [
        {
          buildId: currentVisionBuild,
          runningWorkspaces: 1,
          projects: ['component:default/cats-vs-dogs'],
          lastUsedAt: '2026-12-05T06:00:00.000Z',
        },
        { buildId: 999, runningWorkspaces: 0, projects: [] },
      ],
    });
    // Not whose workspaces: that is the overview's, for DevOps.
    expect(JSON.stringify(body)).not.toContain('user:default/ada');

    for (const [query, message] of [
      ['', 'builds: build ids separated by commas'],
      ['builds=7,x', 'builds: up to 100 build ids separated by commas'],
      ['builds=7&other=1', 'other'],
    ]) {
      const refused = await request(server)
        .get(`/api/environments/conda-store/build-usage?${query}`)
        .set('authorization', asUser('ada'));
      expect([query, refused.status]).toEqual([query, 400]);
      expect(refused.body.error.message).toContain(message);
    }

    usageAnswer = async () => {
      throw new Error('Request failed with 503');
    };
    const unknown = await request(server)
      .get(`/api/environments/conda-store/build-usage?builds=7`)
      .set('authorization', asUser('ada'));
    expect(unknown.status).toBe(200);
    expect(unknown.body.workspaceUsage.known).toBe(false);
    expect(unknown.body.items).toEqual([
      { buildId: 7, runningWorkspaces: 0, projects: [] },
    ]);
  });
});
