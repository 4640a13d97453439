import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type {
  DeferredEntity,
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import {
  startCondaStoreTestServer,
  CondaStoreTestServer,
} from '@internal/conda-store-test-server';
import {
  CondaStoreEntitySpec,
  readCondaEnvironment,
  validateEnvironmentEntity,
} from '@internal/plugin-environments-common';
import { CondaStoreClient } from '@internal/plugin-environments-node';
import { CondaStoreEntityProvider } from './CondaStoreEntityProvider';

/** A catalog connection that keeps what the provider applied, as the catalog would. */
class RecordingConnection implements EntityProviderConnection {
  readonly mutations: EntityProviderMutation[] = [];
  readonly entities = new Map<string, Entity>();

  async applyMutation(mutation: EntityProviderMutation) {
    this.mutations.push(mutation);
    const name = (d: DeferredEntity) => d.entity.metadata.name;
    if (mutation.type === 'full') this.entities.clear();
    const added = mutation.type === 'full' ? mutation.entities : mutation.added;
    for (const d of added) this.entities.set(name(d), d.entity);
    if (mutation.type === 'delta')
      for (const d of mutation.removed)
        this.entities.delete(name(d as DeferredEntity));
  }

  async refresh() {}

  entity(name: string) {
    const entity = this.entities.get(name);
    if (!entity) throw new Error(`no entity ${name}`);
    return {
      entity,
      condaStore: entity.spec!.condaStore as unknown as CondaStoreEntitySpec,
    };
  }
}

async function waitUntil(what: string, check: () => boolean) {
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('CondaStoreEntityProvider against the conda-store test server', () => {
  let server: CondaStoreTestServer;
  let connection: RecordingConnection;

  beforeEach(async () => {
    server = await startCondaStoreTestServer({
      seed: 'demo',
      queueMs: 20,
      buildMs: 40,
    });
    connection = new RecordingConnection();
  });
  afterEach(() => server.close());

  function provider(
    options: { token?: string; url?: string; fullSyncEvery?: number } = {},
  ) {
    const p = new CondaStoreEntityProvider({
      client: new CondaStoreClient({
        url: options.url ?? server.url,
        token: options.token ?? server.token,
        pageSize: 3,
      }),
      logger: mockServices.logger.mock(),
      fullSyncEvery: options.fullSyncEvery ?? 30,
      owners: {
        platformOwner: 'group:default/platform-ops',
        namespaceOwners: { ada: 'user:default/ada' },
      },
    });
    return p;
  }

  it('emits one valid conda-environment Resource per environment, owned by its namespace', async () => {
    const p = provider();
    await p.connect(connection);
    const report = await p.run();
    expect(report).toMatchObject({
      kind: 'full',
      environments: 7,
      changed: 7,
      builds: 14,
    });
    expect([...connection.entities.keys()].sort()).toEqual([
      'ada-ada-sandbox',
      'global-python-data-science',
      'global-r-data-science',
      'grace-grace-single-cell',
      'team-genomics-genomics-pipeline',
      'team-vision-vision-eval',
      'team-vision-vision-training',
    ]);
    for (const entity of connection.entities.values()) {
      expect(validateEnvironmentEntity(entity)).toEqual([]);
    }
    expect(
      connection.entity('global-python-data-science').entity.spec!.owner,
    ).toBe('group:default/platform-ops');
    expect(connection.entity('ada-ada-sandbox').entity.spec!.owner).toBe(
      'user:default/ada',
    );

    const { entity, condaStore } = connection.entity(
      'team-vision-vision-training',
    );
    expect(entity.spec!.owner).toBe('group:default/team-vision');
    // Three builds, the middle one failed to solve; the newest completed is current.
    expect(condaStore.builds.map(b => b.status)).toEqual([
      'COMPLETED',
      'FAILED',
      'COMPLETED',
    ]);
    expect(condaStore.currentBuildId).toBe(condaStore.builds[0].id);
    expect(entity.metadata.labels!['atrium.io/environment-version']).toBe(
      String(condaStore.builds[0].id),
    );
    expect(entity.metadata.annotations).toMatchObject({
      'atrium.io/conda-store-namespace': 'team-vision',
      'atrium.io/conda-store-environment': 'vision-training',
      'atrium.io/conda-store-build': String(condaStore.currentBuildId),
    });
    expect(readCondaEnvironment(entity).dependencies.map(d => d.spec)).toEqual([
      'python=3.12',
      'ipykernel',
      'pytorch=2.5.1',
      'torchvision',
      'opencv',
      'scikit-image',
    ]);
    expect(condaStore.packages).toEqual(
      expect.arrayContaining([
        'conda-forge::pytorch=2.5.1',
        'conda-forge::openssl=3.4.0',
      ]),
    );

    // The failed build carries the solver's message from its log.
    expect(condaStore.builds[1]).toMatchObject({
      solverFailure: true,
      failure: [
        'Could not solve for environment specs',
        'The following package could not be installed',
        '└─ scikit-imagee does not exist (perhaps a typo or a missing channel).',
      ].join('\n'),
    });
    expect(condaStore.builds[0].failure).toBeUndefined();

    // Grace's newest build failed: her current build stays the one before.
    const grace = connection.entity('grace-grace-single-cell').condaStore;
    expect(grace.builds[0].status).toBe('FAILED');
    expect(grace.currentBuildId).toBe(grace.builds[1].id);
  });

  it('syncs only the environments with new or finished builds in between full syncs', async () => {
    const p = provider();
    await p.connect(connection);
    await p.run();
    const admin = new CondaStoreClient({
      url: server.url,
      token: server.token,
    });
    server.faults.stopWorkers(); // so that the next sync sees the builds queued
    const queued = await admin.submitSpecification('team-genomics', {
      name: 'genomics-pipeline',
      channels: ['conda-forge'],
      dependencies: ['python=3.12', 'biopython=1.84', 'pysam', 'xarray'],
    });
    const brandNew = await admin.submitSpecification('grace', {
      name: 'grace-new',
      dependencies: ['numpy'],
    });

    // Seen while QUEUED: emitted with the queued build listed, the current build unchanged.
    const delta = await p.run();
    expect(delta).toMatchObject({ kind: 'delta', changed: 2 });
    const last = connection.mutations.at(-1)!;
    expect(last.type).toBe('delta');
    const genomics = connection.entity(
      'team-genomics-genomics-pipeline',
    ).condaStore;
    expect(genomics.builds[0]).toMatchObject({ id: queued, status: 'QUEUED' });
    expect(genomics.currentBuildId).not.toBe(queued);
    expect(connection.entity('grace-grace-new').condaStore.builds).toHaveLength(
      1,
    );

    // Once it completes, the pending build is re-read and becomes current.
    server.faults.startWorkers();
    await waitUntil('builds finish', () =>
      [queued, brandNew].every(
        id => server.state.builds.get(id)!.status === 'COMPLETED',
      ),
    );
    expect(await p.run()).toMatchObject({ kind: 'delta', changed: 2 });
    const done = connection.entity('team-genomics-genomics-pipeline');
    expect(done.condaStore.currentBuildId).toBe(queued);
    expect(done.entity.spec!.environment).toMatchObject({
      version: String(queued),
    });
    expect(done.condaStore.packages).toContain('conda-forge::xarray=2024.11.0');

    // Nothing new: no mutation at all.
    const before = connection.mutations.length;
    expect(await p.run()).toMatchObject({ kind: 'delta', changed: 0 });
    expect(connection.mutations).toHaveLength(before);
  });

  it('keeps the catalog as it was when conda-store is unreachable, then syncs in full again', async () => {
    const p = provider();
    await p.connect(connection);
    await p.run();
    const url = server.url;
    await server.close();
    const failed = await p.run();
    expect(failed).toMatchObject({
      kind: 'failed',
      error: expect.stringContaining(`conda-store at ${url} is unreachable`),
    });
    expect(connection.mutations).toHaveLength(1);
    expect(connection.entities.size).toBe(7);

    const port = Number(new URL(url).port);
    server = await startCondaStoreTestServer({ seed: 'demo', port });
    expect(await p.run()).toMatchObject({ kind: 'full', environments: 7 });
  });

  it('applies nothing when conda-store refuses the token or takes it for anonymous', async () => {
    const anonymous = provider({ token: 'not-a-token' });
    await anonymous.connect(connection);
    expect(await anonymous.run()).toMatchObject({
      kind: 'failed',
      error: expect.stringContaining('did not accept the token'),
    });

    const p = provider();
    await p.connect(connection);
    await p.run();
    server.faults.respond = {
      status: 403,
      body: { status: 'error', message: 'request not authorized' },
    };
    expect(await p.run()).toMatchObject({
      kind: 'failed',
      error: expect.stringContaining('403 request not authorized'),
    });
    expect(connection.mutations).toHaveLength(1);
    expect(connection.entities.size).toBe(7);
  });

  it('does not empty the catalog when a full sync lists no environments', async () => {
    const p = provider({ fullSyncEvery: 1 });
    await p.connect(connection);
    await p.run();
    server.state.environments.clear();
    expect(await p.run()).toMatchObject({
      kind: 'failed',
      error: expect.stringContaining(
        'listed no environments while 7 are in the catalog',
      ),
    });
    expect(connection.entities.size).toBe(7);
  });
});
