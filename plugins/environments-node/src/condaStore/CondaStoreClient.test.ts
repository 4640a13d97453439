import {
  startCondaStoreTestServer,
  CondaStoreTestServer,
} from '@internal/conda-store-test-server';
import { extractSolverMessage } from '@internal/plugin-environments-common';
import { CondaStoreClient } from './CondaStoreClient';
import type { CondaStoreBuild } from './types';

async function waitForBuild(
  client: CondaStoreClient,
  id: number,
  until: (build: CondaStoreBuild) => boolean,
): Promise<CondaStoreBuild> {
  for (let i = 0; i < 100; i++) {
    const build = await client.getBuild(id);
    if (until(build)) return build;
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  throw new Error(`build ${id} never reached the expected state`);
}

describe('CondaStoreClient against the conda-store test server', () => {
  let server: CondaStoreTestServer;

  beforeAll(async () => {
    server = await startCondaStoreTestServer({
      seed: 'demo',
      queueMs: 50,
      buildMs: 100,
      maxPageSize: 4,
      tokens: {
        'admin-token': {
          primary_namespace: 'global',
          role_bindings: { '*/*': ['admin'] },
        },
        'vision-token': {
          primary_namespace: 'ada',
          role_bindings: {
            'team-vision/*': ['editor'],
            'global/*': ['viewer'],
          },
        },
      },
    });
  });
  afterAll(() => server.close());

  const admin = () =>
    new CondaStoreClient({
      url: server.url,
      token: 'admin-token',
      pageSize: 50,
    });

  it('walks every page, following the page size conda-store caps', async () => {
    const client = admin();
    const namespaces = await client.listNamespaces();
    expect(namespaces.map(n => n.name)).toEqual([
      'ada',
      'global',
      'grace',
      'team-genomics',
      'team-vision',
    ]);
    const environments = await client.listEnvironments();
    expect(environments.map(e => `${e.namespace.name}/${e.name}`)).toEqual([
      'ada/ada-sandbox',
      'global/python-data-science',
      'global/r-data-science',
      'grace/grace-single-cell',
      'team-genomics/genomics-pipeline',
      'team-vision/vision-eval',
      'team-vision/vision-training',
    ]);
    const ids: number[] = [];
    await client.walkBuilds({ sortBy: 'id', order: 'desc' }, page => {
      ids.push(...page.map(b => b.id));
    });
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(ids).toHaveLength(server.state.builds.size);
  });

  it('reads a build, its packages, lockfile and a failed build’s solver message', async () => {
    const client = admin();
    const vision = await client.getEnvironment(
      'team-vision',
      'vision-training',
    );
    const current = await client.getBuild(vision.current_build_id);
    expect(current.status).toBe('COMPLETED');
    expect(current.specification?.spec.dependencies).toContain('scikit-image');
    const packages = await client.getBuildPackages(current.id);
    expect(packages.map(p => p.name)).toEqual(
      expect.arrayContaining(['pytorch', 'opencv', 'python']),
    );
    expect(await client.getBuildLockfile(current.id)).toMatch(
      /^version: 1\n[\s\S]*- name: pytorch\n {2}version: 2\.5\.1/m,
    );

    const failed: CondaStoreBuild[] = [];
    await client.walkBuilds(
      { status: 'FAILED', name: 'vision-training' },
      page => {
        failed.push(...page);
      },
    );
    expect(failed).toHaveLength(1);
    const log = await client.getBuildLog(failed[0].id);
    expect(extractSolverMessage(log)).toBe(
      [
        'Could not solve for environment specs',
        'The following package could not be installed',
        '└─ scikit-imagee does not exist (perhaps a typo or a missing channel).',
      ].join('\n'),
    );
  });

  it('reads environments, builds and bytes on disk per namespace the token may read', async () => {
    const all = await admin().getUsage();
    expect(Object.keys(all).sort()).toEqual([
      'ada',
      'global',
      'grace',
      'team-genomics',
      'team-vision',
    ]);
    const sizes = [...server.state.builds.values()].reduce(
      (sum, build) => sum + build.size,
      0,
    );
    expect(Object.values(all).reduce((sum, row) => sum + row.storage, 0)).toBe(
      sizes,
    );
    expect(all['team-vision']).toMatchObject({
      num_environments: 2,
      num_builds: expect.any(Number),
    });
    const vision = new CondaStoreClient({
      url: server.url,
      token: 'vision-token',
    });
    expect(Object.keys(await vision.getUsage()).sort()).toEqual(
      expect.arrayContaining(['global', 'team-vision']),
    );
    expect(Object.keys(await vision.getUsage())).not.toContain('grace');
  });

  it('submits a specification and follows the build from QUEUED to COMPLETED or FAILED', async () => {
    const client = new CondaStoreClient({
      url: server.url,
      token: 'vision-token',
    });
    const ok = await client.submitSpecification('team-vision', {
      name: 'vision-new',
      channels: ['conda-forge'],
      dependencies: ['python=3.12', 'numpy'],
    });
    expect((await client.getBuild(ok)).status).toBe('QUEUED');
    const done = await waitForBuild(client, ok, b => b.status === 'COMPLETED');
    expect(done.started_on).toBeTruthy();
    expect(
      (await client.getEnvironment('team-vision', 'vision-new'))
        .current_build_id,
    ).toBe(ok);

    const bad = await client.submitSpecification('team-vision', {
      name: 'vision-new',
      channels: ['conda-forge'],
      dependencies: ['python=3.12', 'nump'],
    });
    const failed = await waitForBuild(client, bad, b => b.status === 'FAILED');
    expect(failed.status_info).toBeNull();
    expect(extractSolverMessage(await client.getBuildLog(bad))).toContain(
      'nump does not exist',
    );
    // A failed build does not replace the current one.
    expect(
      (await client.getEnvironment('team-vision', 'vision-new'))
        .current_build_id,
    ).toBe(ok);
  });

  it('says the token lacks rights on a 403, and what conda-store rejected on a 400', async () => {
    const client = new CondaStoreClient({
      url: server.url,
      token: 'vision-token',
    });
    await expect(
      client.submitSpecification('team-genomics', {
        name: 'x',
        dependencies: ['numpy'],
      }),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringMatching(
        /refused POST \/api\/v1\/specification\/ \(403 request not authorized\): the token .* lacks the rights/,
      ),
    });
    await expect(
      client.getEnvironment('team-genomics', 'genomics-pipeline'),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
    await expect(
      client.submitSpecification('team-vision', {
        name: 'bad name!',
        dependencies: [],
      }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('String should match pattern'),
    });
    // The token sees only what its bindings allow.
    expect((await client.listNamespaces()).map(n => n.name)).toEqual([
      'global',
      'team-vision',
    ]);
  });

  it('refuses a token conda-store does not know, though conda-store answers it as anonymous', async () => {
    const client = new CondaStoreClient({ url: server.url, token: 'expired' });
    expect(await client.listEnvironments()).toEqual([]);
    await expect(client.whoami()).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining('did not accept the token'),
    });
  });

  it('maps a 404 to NotFoundError with conda-store’s message', async () => {
    await expect(admin().getBuild(999_999)).rejects.toMatchObject({
      name: 'NotFoundError',
      message: expect.stringContaining('build id does not exist'),
    });
    await expect(
      admin().getEnvironment('global', 'nope'),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message: expect.stringContaining('environment does not exist'),
    });
  });

  it('says a 401 from a proxy in front means the token lacks rights', async () => {
    server.faults.respond = {
      status: 401,
      body: { detail: 'Not authenticated' },
    };
    try {
      await expect(admin().listNamespaces()).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringContaining('(401 Not authenticated)'),
      });
    } finally {
      server.faults.respond = undefined;
    }
  });

  it('keeps a build QUEUED while conda-store’s workers are down', async () => {
    const client = admin();
    server.faults.stopWorkers();
    try {
      const id = await client.submitSpecification('global', {
        name: 'stuck',
        dependencies: ['numpy'],
      });
      await new Promise(resolve => setTimeout(resolve, 400));
      const build = await client.getBuild(id);
      expect(build).toMatchObject({ status: 'QUEUED', started_on: null });
    } finally {
      server.faults.startWorkers();
    }
  });

  it('names the URL when conda-store is unreachable', async () => {
    const down = await startCondaStoreTestServer({ seed: 'empty' });
    const url = down.url;
    await down.close();
    await expect(
      new CondaStoreClient({ url, token: 'x' }).listNamespaces(),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining(
        `conda-store at ${url} is unreachable (ECONNREFUSED)`,
      ),
    });
  });
});
