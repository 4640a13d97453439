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
  CondaStoreBuildLog,
  CondaStoreOverview,
} from '@internal/plugin-environments-common';
import { CondaStoreClient } from '@internal/plugin-environments-node';
import type { Server } from 'node:http';
import request from 'supertest';
import { environmentsPlugin } from './plugin';

jest.setTimeout(60_000);

const GROUPS: Record<string, string[]> = {
  'user:default/ada': ['group:default/team-vision'],
  'user:default/linus': ['group:default/platform-ops'],
  'user:default/margaret': ['group:default/platform-admins'],
};
const DAY = 24 * 60 * 60 * 1000;

async function startBackend(condaStore: { url: string; token: string }) {
  const backend = await startTestBackend({
    features: [
      environmentsPlugin,
      ...atriumTestBackendFeatures({
        groups: GROUPS,
        config: { environments: { condaStore } },
      }),
    ],
  });
  return { backend, server: backend.server as Server };
}

describe('environments backend on the conda-store test server', () => {
  let condaStore: CondaStoreTestServer;
  let app: Server;
  let stop: () => Promise<void>;
  let client: CondaStoreClient;
  /** vision-training's builds in order: completed, failed (solver), completed. */
  let visionBuilds: number[];

  beforeAll(async () => {
    condaStore = await startCondaStoreTestServer({ seed: 'demo' });
    // An environment nothing rebuilt for 200 days, for the overview's idle list.
    condaStore.state.register(
      'team-genomics',
      {
        name: 'old-notebooks',
        channels: ['conda-forge'],
        dependencies: ['python=3.10', 'numpy'],
      },
      { at: Date.now() - 200 * DAY, finished: true },
    );
    client = new CondaStoreClient({
      url: condaStore.url,
      token: condaStore.token,
    });
    const { backend, server } = await startBackend({
      url: condaStore.url,
      token: condaStore.token,
    });
    app = server;
    stop = () => backend.stop();
    const vision = await client.getEnvironment(
      'team-vision',
      'vision-training',
    );
    visionBuilds = [];
    await client.walkBuilds(
      { environmentId: vision.id, sortBy: 'id' },
      page => {
        visionBuilds.push(...page.map(b => b.id));
      },
    );
  });
  afterAll(async () => {
    await stop();
    await condaStore.close();
  });
  afterEach(() => {
    delete condaStore.faults.respond;
  });

  it("answers a failed build's log as text, and as JSON with the solver's message picked out", async () => {
    const failed = visionBuilds[1];
    const text = await request(app)
      .get(`/api/environments/conda-store/builds/${failed}/log`)
      .set('authorization', asUser('ada'));
    expect(text.status).toBe(200);
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    expect(text.headers['x-atrium-log-truncated']).toBe('false');
    expect(text.text).toBe(await client.getBuildLog(failed));

    const json = await request(app)
      .get(`/api/environments/conda-store/builds/${failed}/log?format=json`)
      .set('authorization', asUser('ada'));
    expect(json.status).toBe(200);
    const body = json.body as CondaStoreBuildLog;
    expect(body).toMatchObject({ buildId: failed, truncated: false });
    expect(body.solverMessage).toBe(
      [
        'Could not solve for environment specs',
        'The following package could not be installed',
        '└─ scikit-imagee does not exist (perhaps a typo or a missing channel).',
      ].join('\n'),
    );
    expect(body.sizeBytes).toBe(Buffer.byteLength(text.text, 'utf8'));
  });

  it("answers a build's resolved packages sorted by name", async () => {
    const res = await request(app)
      .get(`/api/environments/conda-store/builds/${visionBuilds[2]}/packages`)
      .set('authorization', asUser('ada'));
    expect(res.status).toBe(200);
    const expected = (await client.getBuildPackages(visionBuilds[2]))
      .map(p => p.name)
      .sort((a, b) => a.localeCompare(b));
    expect(res.body.items.map((p: { name: string }) => p.name)).toEqual(
      expected,
    );
    expect(res.body.items[0]).toEqual(
      expect.objectContaining({
        name: expect.any(String),
        version: expect.any(String),
        channel: expect.any(String),
      }),
    );
  });

  it('answers what changes between two builds in the version diff shape', async () => {
    const [first, , third] = visionBuilds;
    const res = await request(app)
      .get(`/api/environments/conda-store/builds/${first}/diff/${third}`)
      .set('authorization', asUser('ada'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: first, to: third });
    const before = new Set(
      (await client.getBuildPackages(first)).map(p => p.name),
    );
    const added = (await client.getBuildPackages(third))
      .map(p => p.name)
      .filter(name => !before.has(name))
      .sort((a, b) => a.localeCompare(b));
    expect(added.length).toBeGreaterThan(0);
    expect(res.body.diff.added.map((d: { name: string }) => d.name)).toEqual(
      added,
    );
    for (const key of ['removed', 'upgraded', 'downgraded', 'changed']) {
      expect(Array.isArray(res.body.diff[key])).toBe(true);
    }
  });

  it('refuses bad build ids and the same build twice with what to send, and says an unknown build does not exist', async () => {
    const bad = await request(app)
      .get('/api/environments/conda-store/builds/abc/packages')
      .set('authorization', asUser('ada'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      "Invalid build id: id: must be a conda-store build's number (a whole number, as its builds list shows)",
    );
    const fraction = await request(app)
      .get('/api/environments/conda-store/builds/1.5/log')
      .set('authorization', asUser('ada'));
    expect(fraction.status).toBe(400);
    expect(fraction.body.error.message).toMatch(/^Invalid build id: id: /);
    const format = await request(app)
      .get('/api/environments/conda-store/builds/1/log?format=html')
      .set('authorization', asUser('ada'));
    expect(format.status).toBe(400);
    expect(format.body.error.message).toBe(
      'Invalid query: format: must be text or json',
    );
    const same = await request(app)
      .get('/api/environments/conda-store/builds/3/diff/3')
      .set('authorization', asUser('ada'));
    expect(same.status).toBe(400);
    expect(same.body.error.message).toMatch(/compare two different builds/);
    const unknown = await request(app)
      .get('/api/environments/conda-store/builds/99999/packages')
      .set('authorization', asUser('ada'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/build id does not exist/);
  });

  it('asks everyone to sign in first', async () => {
    for (const path of [
      '/conda-store/builds/1/log',
      '/conda-store/builds/1/packages',
      '/conda-store/builds/1/diff/2',
      '/conda-store/overview',
    ]) {
      const res = await request(app).get(`/api/environments${path}`);
      expect([path, res.status]).toEqual([path, 401]);
    }
  });

  it("gives DevOps and admins conda-store's sprawl, and refuses data scientists", async () => {
    const refused = await request(app)
      .get('/api/environments/conda-store/overview')
      .set('authorization', asUser('ada'));
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/for DevOps and admins/);

    for (const who of ['linus', 'margaret']) {
      const res = await request(app)
        .get('/api/environments/conda-store/overview')
        .set('authorization', asUser(who));
      expect(res.status).toBe(200);
      const overview = res.body as CondaStoreOverview;
      const usage = await client.getUsage();
      expect(
        Object.fromEntries(
          overview.namespaces.map(n => [n.namespace, n.storageBytes]),
        ),
      ).toEqual(
        Object.fromEntries(
          Object.entries(usage).map(([name, row]) => [name, row.storage]),
        ),
      );
      const vision = overview.namespaces.find(
        n => n.namespace === 'team-vision',
      );
      expect(vision).toMatchObject({ environments: 2, failedBuilds: 1 });
      expect(overview.failedBuilds.map(b => b.environment)).toEqual(
        expect.arrayContaining(['vision-training', 'grace-single-cell']),
      );
      const ids = overview.failedBuilds.map(b => b.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      expect(overview.idleDays).toBe(90);
      expect(overview.idleEnvironments).toEqual([
        expect.objectContaining({
          namespace: 'team-genomics',
          environment: 'old-notebooks',
        }),
      ]);
      // No workspaces backend on this test backend: usage unknown, idle by build dates.
      expect(overview.workspaceUsage).toEqual({
        known: false,
        reason: expect.stringContaining(
          'The workspaces backend did not say which builds workspaces used',
        ),
      });
      expect(overview.buildsInUse).toEqual([]);
    }

    const shortWindow = await request(app)
      .get('/api/environments/conda-store/overview?idleDays=1')
      .set('authorization', asUser('linus'));
    expect(shortWindow.body.idleEnvironments.length).toBeGreaterThan(1);
    const badWindow = await request(app)
      .get('/api/environments/conda-store/overview?idleDays=0')
      .set('authorization', asUser('linus'));
    expect(badWindow.status).toBe(400);
    expect(badWindow.body.error.message).toBe(
      'Invalid query: idleDays: must be at least 1',
    );
  });

  it("answers 503 saying the portal's token lacks rights when conda-store refuses it, without the token", async () => {
    condaStore.faults.respond = {
      status: 401,
      body: { detail: 'Not authenticated' },
    };
    const res = await request(app)
      .get('/api/environments/conda-store/builds/1/packages')
      .set('authorization', asUser('ada'));
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(
      /the token in environments\.condaStore\.token lacks the rights/,
    );
    expect(JSON.stringify(res.body)).not.toContain(condaStore.token);
  });
});

describe('environments backend when conda-store cannot answer', () => {
  it('says conda-store at its URL is unreachable (503)', async () => {
    const gone = await startCondaStoreTestServer({ seed: 'empty' });
    const url = gone.url;
    await gone.close();
    const { backend, server } = await startBackend({
      url,
      token: 'secret-portal-token',
    });
    try {
      const res = await request(server)
        .get('/api/environments/conda-store/overview')
        .set('authorization', asUser('linus'));
      expect(res.status).toBe(503);
      expect(res.body.error.message).toContain(
        `conda-store at ${url} is unreachable`,
      );
      expect(JSON.stringify(res.body)).not.toContain('secret-portal-token');
    } finally {
      await backend.stop();
    }
  });

  it('answers 503 for a token conda-store does not know (it treats it as anonymous)', async () => {
    const condaStore = await startCondaStoreTestServer({ seed: 'demo' });
    const { backend, server } = await startBackend({
      url: condaStore.url,
      token: 'expired-token',
    });
    try {
      const res = await request(server)
        .get('/api/environments/conda-store/builds/1/packages')
        .set('authorization', asUser('ada'));
      expect(res.status).toBe(503);
      expect(res.body.error.message).toMatch(/refused .*403/);
      expect(JSON.stringify(res.body)).not.toContain('expired-token');
    } finally {
      await backend.stop();
      await condaStore.close();
    }
  });
});
