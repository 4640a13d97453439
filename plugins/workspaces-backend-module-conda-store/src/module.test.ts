import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  startCondaStoreTestServer,
  type CondaStoreTestServer,
} from '@internal/conda-store-test-server';
import {
  workspacesLaunchContributorExtensionPoint,
  type LaunchContributionRequest,
  type LaunchContributor,
} from '@internal/plugin-workspaces-node';
import workspacesModuleCondaStore from '.';

jest.setTimeout(30_000);

const spec = (dependencies: string[]) => ({
  name: 'vision-training',
  channels: ['conda-forge'],
  dependencies,
});

let condaStore: CondaStoreTestServer;
let first: number;
let failed: number;
let current: number;
let other: number;
beforeAll(async () => {
  condaStore = await startCondaStoreTestServer({ seed: 'empty' });
  const { state } = condaStore;
  const at = Date.now() - 3 * 86_400_000;
  first = state.register('team-vision', spec(['python=3.12', 'numpy']), {
    at,
    finished: true,
  }).id;
  // libmamba cannot solve a misspelt package: FAILED, the current build stays.
  failed = state.register('team-vision', spec(['numpy', 'scikit-imagee']), {
    at: at + 1000,
    finished: true,
  }).id;
  current = state.register('team-vision', spec(['python=3.12', 'pandas']), {
    at: at + 2000,
    finished: true,
  }).id;
  other = state.register(
    'global',
    {
      name: 'python-data-science',
      channels: ['conda-forge'],
      dependencies: ['numpy'],
    },
    { at, finished: true },
  ).id;
});
afterAll(() => condaStore?.close());

/** The module on a test backend with the real conda-store client; its contributor. */
async function contributorFor(url: string) {
  const contributors: LaunchContributor[] = [];
  await startTestBackend({
    extensionPoints: [
      [
        workspacesLaunchContributorExtensionPoint,
        {
          addLaunchContributor: (c: LaunchContributor) => contributors.push(c),
        },
      ],
    ],
    features: [
      workspacesModuleCondaStore,
      mockServices.rootConfig.factory({
        data: {
          environments: { condaStore: { url, token: condaStore.token } },
        },
      }),
    ],
  });
  expect(contributors.map(c => c.name)).toEqual(['conda-store']);
  return contributors[0];
}

const requestFor = (
  buildId: number,
  recorded = true,
): LaunchContributionRequest => ({
  user: 'user:default/ada',
  groups: ['group:default/team-vision'],
  workspace: { id: 'w-1', name: 'training-repro-1' },
  profile: 'small',
  resources: { cpu: 2, memoryGiB: 8, gpu: 0 },
  hubUser: 'ada',
  environment: {
    ref: 'resource:default/team-vision-vision-training',
    condaStore: {
      namespace: 'team-vision',
      environment: 'vision-training',
      buildId,
      recorded,
    },
  },
});

describe('workspaces-backend-module-conda-store on the conda-store test server', () => {
  it("gives the hub the recorded build with its prefix on conda-store's volume, and shows it in the launch dialog", async () => {
    const contributor = await contributorFor(condaStore.url);
    const contribution = await contributor.contribute(requestFor(first));
    expect(contribution.userOptions).toEqual({
      atrium_environment: {
        kind: 'conda-store',
        namespace: 'team-vision',
        environment: 'vision-training',
        buildId: first,
        // Build key v2: sha256[:8]-<scheduled, epoch s>-<id>-<name>, under /home/conda/<namespace>.
        prefix: expect.stringMatching(
          new RegExp(
            `^/home/conda/team-vision/[0-9a-f]{8}-\\d{10}-${first}-vision-training$`,
          ),
        ),
      },
    });
    expect(await contributor.preview!(requestFor(current, false))).toEqual({
      facts: [
        {
          label: 'Environment',
          value: `team-vision/vision-training, build #${current}`,
        },
      ],
    });
    // Nothing to add for a workspace without a conda-store environment.
    const curated: LaunchContributionRequest = {
      ...requestFor(first),
      environment: { ref: 'resource:default/python-data-science-2026.11' },
    };
    expect(await contributor.contribute(curated)).toEqual({});
    expect(await contributor.preview!(curated)).toEqual({ facts: [] });
  });

  it('refuses a failed build, a build of another environment and one that does not exist, saying what to do', async () => {
    const contributor = await contributorFor(condaStore.url);
    const failedMessage = `Build #${failed} of team-vision/vision-training failed: launch a new workspace for it, which uses the current build (#${current}), or rebuild #${failed}'s specification in conda-store`;
    await expect(
      contributor.contribute(requestFor(failed)),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: failedMessage,
    });
    expect(await contributor.preview!(requestFor(failed))).toEqual({
      facts: [
        {
          label: 'Environment',
          value: `team-vision/vision-training, build #${failed}`,
          tone: 'error',
        },
      ],
      refusal: failedMessage,
    });
    await expect(contributor.contribute(requestFor(other))).rejects.toThrow(
      `Build #${other} is not a build of team-vision/vision-training: name one of its builds, or leave the build out to use the current one (#${current})`,
    );
    await expect(contributor.contribute(requestFor(9999))).rejects.toThrow(
      `Build #9999 of team-vision/vision-training does not exist in conda-store: launch a new workspace for it, which uses the current build (#${current})`,
    );
  });

  it('refuses a build deleted in conda-store (DELETE /api/v1/build/{id}/ removes its prefix)', async () => {
    const contributor = await contributorFor(condaStore.url);
    const extra = condaStore.state.register(
      'team-vision',
      spec(['python=3.12', 'scipy']),
      {
        at: Date.now() - 86_400_000,
        finished: true,
      },
    ).id;
    // The newest completed build became current; delete it anyway, as conda-store allows.
    const deleted = await fetch(`${condaStore.url}/api/v1/build/${extra}/`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${condaStore.token}` },
    });
    expect(deleted.status).toBe(200);
    await expect(contributor.contribute(requestFor(extra))).rejects.toThrow(
      `Build #${extra} of team-vision/vision-training was deleted in conda-store (its environment files are gone): rebuild the environment in conda-store, or ask its owners`,
    );
  });

  it('fails the start with "try again" when conda-store is unreachable, and the preview warns', async () => {
    const contributor = await contributorFor('http://127.0.0.1:9/conda-store');
    await expect(
      contributor.contribute(requestFor(first)),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining(
        "The environment's conda-store build cannot be checked right now (conda-store at http://127.0.0.1:9/conda-store is unreachable",
      ),
    });
    expect(await contributor.preview!(requestFor(first))).toEqual({
      facts: [
        {
          label: 'Environment',
          value: `team-vision/vision-training, build #${first} (conda-store cannot be reached to check it)`,
          tone: 'warning',
        },
      ],
    });
  });
});
