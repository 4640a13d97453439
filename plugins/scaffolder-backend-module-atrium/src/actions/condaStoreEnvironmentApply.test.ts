import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  startCondaStoreTestServer,
  type CondaStoreTestServer,
} from '@internal/conda-store-test-server';
import { CondaStoreClient } from '@internal/plugin-environments-node';
import { contextFor, who } from '../__testUtils__/actionContext';
import { createCondaStoreEnvironmentApplyAction } from './condaStoreEnvironmentApply';
import {
  condaStoreApplySettingsFromConfig,
  type CondaStoreApplySettings,
} from './condaStoreEnvironmentSpec';

jest.setTimeout(30_000);

/**
 * The action against the conda-store API test server (real HTTP) through the real
 * client: builds go QUEUED -> BUILDING -> COMPLETED or FAILED as conda-store's do.
 */
let server: CondaStoreTestServer;
/** The requests the client made (refusals must come before any). */
let requests: string[];
let client: CondaStoreClient;

beforeAll(async () => {
  server = await startCondaStoreTestServer({
    seed: 'demo',
    queueMs: 100,
    buildMs: 200,
  });
  client = new CondaStoreClient({
    url: server.url,
    token: server.token,
    fetch: (input, init) => {
      requests.push(`${init?.method ?? 'GET'} ${String(input)}`);
      return fetch(input, init);
    },
  });
});
beforeEach(() => {
  requests = [];
});
afterEach(() => {
  server.faults.respond = undefined;
  server.faults.startWorkers();
});
afterAll(() => server?.close());

const settings: CondaStoreApplySettings = {
  allowedChannels: ['conda-forge'],
  requirePinned: false,
  buildTimeoutMs: 20_000,
  queueTimeoutMs: 10_000,
  pollIntervalMs: 50,
  platformOwner: 'group:default/platform-ops',
  namespaceOwners: {},
};

function action(overrides: Partial<CondaStoreApplySettings> = {}) {
  return createCondaStoreEnvironmentApplyAction({
    condaStore: client,
    settings: { ...settings, ...overrides },
    ...who,
  });
}

const request = {
  namespace: 'ada',
  name: 'churn-analysis',
  channels: ['conda-forge'],
  dependencies: ['python=3.12.7', 'pandas=2.2.3', 'pip=24.3.1'],
  pip: ['great-tables==0.14.0'],
  description: 'Churn forecasting',
};

describe('atrium:conda-store:environment:apply', () => {
  it("builds an environment in the user's own namespace and logs each status until COMPLETED", async () => {
    const logger = mockServices.logger.mock();
    const { ctx, outputs } = contextFor(request, undefined, { logger });
    await action().handler(ctx);

    expect(outputs).toEqual({
      buildId: expect.any(Number),
      namespace: 'ada',
      environment: 'churn-analysis',
      status: 'COMPLETED',
      entityRef: 'resource:default/ada-churn-analysis',
      catalogUrl: '/catalog/default/resource/ada-churn-analysis',
    });
    const lines = logger.info.mock.calls.map(([message]) => message);
    const statuses = lines
      .map(line => /^Build \d+ of ada\/churn-analysis: (\w+)/.exec(line)?.[1])
      .filter(Boolean);
    expect(statuses).toEqual(['QUEUED', 'BUILDING', 'COMPLETED']);
    expect(lines[0]).toBe(
      `Submitted ada/churn-analysis to conda-store (${server.url}): build ${outputs.buildId}`,
    );

    // conda-store has it, current, as written.
    const environment = await client.getEnvironment('ada', 'churn-analysis');
    expect(environment.current_build_id).toBe(outputs.buildId);
    const build = await client.getBuild(outputs.buildId as number);
    expect(build.specification?.spec).toMatchObject({
      name: 'churn-analysis',
      channels: ['conda-forge'],
      dependencies: [
        'python=3.12.7',
        'pandas=2.2.3',
        'pip=24.3.1',
        { pip: ['great-tables==0.14.0'] },
      ],
      description: 'Churn forecasting',
    });
  });

  it("updates an environment of the user's team, and lets an admin build in any namespace", async () => {
    const team = contextFor({
      ...request,
      namespace: 'team-vision',
      name: 'vision-eval',
    });
    await action().handler(team.ctx);
    expect(team.outputs.status).toBe('COMPLETED');
    expect(
      (await client.getEnvironment('team-vision', 'vision-eval'))
        .current_build_id,
    ).toBe(team.outputs.buildId);

    const admin = contextFor(
      { ...request, namespace: 'team-genomics' },
      undefined,
      { user: 'margaret' },
    );
    await action().handler(admin.ctx);
    expect(admin.outputs.status).toBe('COMPLETED');
  });

  it.each([
    [
      'a name conda-store refuses',
      { name: 'my env/1' },
      {},
      "The environment name 'my env/1' is not one conda-store accepts: use only letters, digits and - + _ @ $ & ? ^ ~ . = (no spaces, slashes, colons, # or *), e.g. 'vision-training'.",
    ],
    [
      'a channel the site does not allow',
      { channels: ['conda-forge', 'defaults'] },
      {},
      "The channel 'defaults' is not allowed on this site: use conda-forge (environments.condaStore.allowedChannels).",
    ],
    [
      'a dependency from a channel the site does not allow',
      { dependencies: ['python=3.12.7', 'bioconda::pysam=0.22.1'] },
      {},
      "bioconda::pysam=0.22.1 comes from the channel 'bioconda', which is not allowed on this site: use conda-forge.",
    ],
    [
      'an unpinned dependency when the site requires pins',
      { dependencies: ['python=3.12.7', 'numpy>=2'], pip: ['requests'] },
      { requirePinned: true },
      'This site requires exact versions: "numpy>=2" is a version range: write numpy=X.Y.Z (or numpy==X.Y.Z) with the exact version.\nThis site requires exact versions: requests names no version: write requests==X.Y.Z with the exact version.',
    ],
    [
      'no dependencies',
      { dependencies: [], pip: [] },
      {},
      'The environment has no conda dependencies: list at least one, e.g. python=3.12.7.',
    ],
  ])(
    'refuses %s before calling conda-store',
    async (_, input, site, message) => {
      const { ctx, outputs } = contextFor({ ...request, ...input });
      await expect(action(site).handler(ctx)).rejects.toThrow(message);
      expect(requests).toEqual([]);
      expect(outputs).toEqual({});
    },
  );

  it('accepts unpinned dependencies when the site does not require pins', async () => {
    const { ctx, outputs } = contextFor({
      ...request,
      name: 'loose-analysis',
      dependencies: ['python', 'numpy>=2'],
      pip: [],
    });
    await action().handler(ctx);
    expect(outputs.status).toBe('COMPLETED');
  });

  it("refuses a namespace that is not the user's nor their team's, before calling conda-store", async () => {
    const { ctx, outputs } = contextFor({
      ...request,
      namespace: 'team-genomics',
    });
    await expect(action().handler(ctx)).rejects.toThrow(
      "You may not build environments in the conda-store namespace 'team-genomics': choose your own (ada) or one of your teams' (team-vision).",
    );
    const global = contextFor({ ...request, namespace: 'global' });
    await expect(action().handler(global.ctx)).rejects.toThrow(
      "the conda-store namespace 'global'",
    );
    expect(requests).toEqual([]);
    expect(outputs).toEqual({});
  });

  it('lets a person build in a namespace the config says is theirs', async () => {
    const { ctx, outputs } = contextFor({
      ...request,
      namespace: 'ada.lovelace',
    });
    await action({
      namespaceOwners: { 'ada.lovelace': 'user:default/ada' },
    }).handler(ctx);
    expect(outputs).toMatchObject({
      status: 'COMPLETED',
      entityRef: 'resource:default/ada-lovelace-churn-analysis',
    });
  });

  it("fails the task with the solver's message when the build fails", async () => {
    const logger = mockServices.logger.mock();
    const { ctx, outputs } = contextFor(
      {
        ...request,
        name: 'typo-analysis',
        dependencies: ['python=3.12.7', 'scikit-imagee=0.24.0'],
      },
      undefined,
      { logger },
    );
    const error: Error = await action()
      .handler(ctx)
      .then(
        () => new Error('the build did not fail'),
        e => e,
      );
    expect(error.message).toBe(
      [
        `Build ${outputs.buildId} of ada/typo-analysis failed: conda could not solve the dependencies. Change the versions or packages it names and run the template again.`,
        'Could not solve for environment specs',
        'The following package could not be installed',
        '└─ scikit-imagee=0.24.0 does not exist (perhaps a typo or a missing channel).',
      ].join('\n'),
    );
    expect(outputs.status).toBe('FAILED');
    expect(logger.info.mock.calls.map(([m]) => m)).toContainEqual(
      expect.stringMatching(/^Build \d+ of ada\/typo-analysis: FAILED/),
    );
  });

  it('says the workers may be down when the build stays queued', async () => {
    server.faults.stopWorkers();
    const { ctx, outputs } = contextFor({
      ...request,
      name: 'queued-analysis',
    });
    const error: Error = await action({ queueTimeoutMs: 1_000 })
      .handler(ctx)
      .then(
        () => new Error('the build was not refused'),
        e => e,
      );
    expect(error.message).toBe(
      `conda-store has not started the build in 1 second: its workers may be down (ask DevOps). Build ${outputs.buildId} stays queued and runs when they are back.`,
    );
    expect((await client.getBuild(outputs.buildId as number)).status).toBe(
      'QUEUED',
    );
  });

  it('stops following the build when the task is cancelled', async () => {
    server.faults.stopWorkers();
    const controller = new AbortController();
    const { ctx } = contextFor({ ...request, name: 'cancelled' }, undefined, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 300);
    await expect(action().handler(ctx)).rejects.toThrow(
      /^The task was cancelled while build \d+ was QUEUED; the build goes on in conda-store\.$/,
    );
  });

  it('says what to do when conda-store refuses the portal (401)', async () => {
    server.faults.respond = {
      status: 401,
      body: { detail: 'Not authenticated' },
    };
    const { ctx } = contextFor(request);
    await expect(action().handler(ctx)).rejects.toThrow(
      `conda-store did not accept the environment ada/churn-analysis: conda-store at ${server.url} refused POST /api/v1/specification/ (401 Not authenticated): the token in environments.condaStore.token lacks the rights for it. Ask the portal's admins to check the portal's conda-store token.`,
    );
  });
});

describe('condaStoreApplySettingsFromConfig', () => {
  it('defaults to conda-forge, no pins, 10 minutes in queue and 30 building', () => {
    expect(
      condaStoreApplySettingsFromConfig(
        new ConfigReader({
          environments: { condaStore: { url: 'http://cs', token: 't' } },
        }),
      ),
    ).toEqual({
      allowedChannels: ['conda-forge'],
      requirePinned: false,
      buildTimeoutMs: 30 * 60_000,
      queueTimeoutMs: 10 * 60_000,
      pollIntervalMs: 2_000,
      platformOwner: 'group:default/platform-ops',
      namespaceOwners: {},
    });
  });

  it("reads the site's rules, durations as objects or ISO strings, and the namespace owners", () => {
    expect(
      condaStoreApplySettingsFromConfig(
        new ConfigReader({
          environments: {
            condaStore: {
              allowedChannels: ['conda-forge', 'bioconda'],
              requirePinned: true,
              buildTimeout: { hours: 1 },
              queueTimeout: 'PT5M',
              namespaceOwners: { 'ada.lovelace': 'user:default/ada' },
            },
          },
        }),
      ),
    ).toMatchObject({
      allowedChannels: ['conda-forge', 'bioconda'],
      requirePinned: true,
      buildTimeoutMs: 60 * 60_000,
      queueTimeoutMs: 5 * 60_000,
      namespaceOwners: { 'ada.lovelace': 'user:default/ada' },
    });
  });
});
