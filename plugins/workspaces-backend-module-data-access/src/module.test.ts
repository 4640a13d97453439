import {
  createServiceFactory,
  type BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import { ResponseError } from '@backstage/errors';
import type {
  LaunchDataPreview,
  LaunchDataSource,
  SignedLaunchData,
} from '@internal/plugin-data-access-common';
import {
  dataAccessApiServiceRef,
  type DataAccessApi,
  type LaunchDataRequest,
} from '@internal/plugin-data-access-node';
import {
  workspacesLaunchContributorExtensionPoint,
  type LaunchContributionRequest,
  type LaunchContributor,
} from '@internal/plugin-workspaces-node';
import workspacesModuleDataAccess from '.';

const clinicalTrials: LaunchDataSource = {
  ref: 'resource:default/clinical-trials-2026',
  name: 'clinical-trials-2026',
  type: 'shared-folder',
  access: 'read',
  sensitivity: 'restricted',
  volume: { persistentVolumeClaim: { claimName: 'clinical-trials-2026' } },
  mountPath: '/data/clinical-trials-2026',
};
const teamVision: LaunchDataSource = {
  ref: 'resource:default/team-vision-shared',
  name: 'team-vision-shared',
  type: 'shared-folder',
  access: 'read-write',
  sensitivity: 'internal',
  mountPath: '/shared/team-vision',
};
const signed: SignedLaunchData = { payload: '{"v":1}', signature: 'ab12' };

/** The data-access API as the test sets it: records calls, answers what it is given. */
class TestDataAccess implements DataAccessApi {
  calls: Array<{ method: string; body: unknown; credentials: BackstageCredentials }> = [];
  answer: (method: string) => Promise<unknown> = async () => undefined;

  async previewLaunch(request: LaunchDataRequest, o: { credentials: BackstageCredentials }) {
    return this.record('previewLaunch', request, o) as Promise<LaunchDataPreview>;
  }
  async recordLaunch(request: LaunchDataRequest, o: { credentials: BackstageCredentials }) {
    return this.record('recordLaunch', request, o) as Promise<
      LaunchDataPreview & { signed?: SignedLaunchData }
    >;
  }
  async endLaunch(workspace: { id: string }, o: { credentials: BackstageCredentials }) {
    await this.record('endLaunch', workspace, o);
  }
  private record(method: string, body: unknown, o: { credentials: BackstageCredentials }) {
    this.calls.push({ method, body, credentials: o.credentials });
    return this.answer(method);
  }
}

/** The module on a test backend; returns the contributor it registered. */
async function registeredContributor(dataAccess: TestDataAccess) {
  const contributors: LaunchContributor[] = [];
  await startTestBackend({
    extensionPoints: [
      [
        workspacesLaunchContributorExtensionPoint,
        { addLaunchContributor: (c: LaunchContributor) => contributors.push(c) },
      ],
    ],
    features: [
      workspacesModuleDataAccess,
      createServiceFactory({
        service: dataAccessApiServiceRef,
        deps: {},
        factory: () => dataAccess,
      }),
    ],
  });
  expect(contributors.map(c => c.name)).toEqual(['data-access']);
  return contributors[0];
}

const request: LaunchContributionRequest = {
  user: 'user:default/ada',
  groups: ['group:default/team-vision'],
  workspace: { id: 'w-1', name: 'trial-analysis' },
  profile: 'small',
  resources: { cpu: 2, memoryGiB: 8, gpu: 0 },
  hubUser: 'ada',
  reproducedFrom: 'w-0',
};

const refusal = (status: number, message: string) =>
  ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: status === 403 ? 'NotAllowedError' : 'Error', message },
        response: { statusCode: status },
      }),
      { status, headers: { 'content-type': 'application/json' } },
    ),
  );

describe('workspaces-backend-module-data-access', () => {
  it('gives the spawn the signed data list, asks as the workspaces plugin for the owner, hub user and reproduced workspace, and ends the launch at release', async () => {
    const dataAccess = new TestDataAccess();
    const contributor = await registeredContributor(dataAccess);
    dataAccess.answer = async () => ({ sources: [clinicalTrials], withheld: [], signed });
    expect(await contributor.contribute(request)).toEqual({
      userOptions: { atrium_data: signed },
    });
    expect(dataAccess.calls[0]).toMatchObject({
      method: 'recordLaunch',
      body: {
        user: 'user:default/ada',
        groups: ['group:default/team-vision'],
        workspaceId: 'w-1',
        hubUser: 'ada',
        server: 'trial-analysis',
        reproducedFrom: 'w-0',
      },
    });
    expect(dataAccess.calls[0].credentials.principal).toMatchObject({
      type: 'service',
      subject: 'plugin:workspaces',
    });

    // Nothing granted: nothing added to the spawn.
    dataAccess.answer = async () => ({ sources: [], withheld: [] });
    expect(await contributor.contribute(request)).toEqual({});

    await contributor.release!({ id: 'w-1', user: 'user:default/ada' });
    expect(dataAccess.calls.at(-1)).toMatchObject({
      method: 'endLaunch',
      body: { id: 'w-1' },
    });
  });

  it("shows one Data line per source and the withheld ones as warnings in the launch dialog", async () => {
    const dataAccess = new TestDataAccess();
    const contributor = await registeredContributor(dataAccess);
    dataAccess.answer = async () => ({
      sources: [clinicalTrials, teamVision],
      withheld: [
        { ref: 'resource:default/imagenet-2025', name: 'imagenet-2025', reason: 'your access ended on 2026-12-01' },
      ],
    });
    expect(await contributor.preview!({ ...request, workspace: { id: '', name: '' } })).toEqual({
      facts: [
        { label: 'Data', value: 'clinical-trials-2026 (read-only, restricted)' },
        { label: 'Data', value: 'team-vision-shared (read-write, internal)' },
        {
          label: 'Data',
          value: 'imagenet-2025: withheld (your access ended on 2026-12-01)',
          tone: 'warning',
        },
      ],
    });
    expect(dataAccess.calls[0]).toMatchObject({
      method: 'previewLaunch',
      body: { workspaceId: '', server: '' },
    });

    dataAccess.answer = async () => ({ sources: [], withheld: [] });
    expect(await contributor.preview!(request)).toEqual({
      facts: [{ label: 'Data', value: 'no data sources granted' }],
    });

    dataAccess.answer = async () => {
      throw new Error('connect ECONNREFUSED');
    };
    expect(await contributor.preview!(request)).toEqual({
      facts: [{ label: 'Data', value: 'unavailable right now', tone: 'warning' }],
    });
  });

  it("fails the start with the data-access plugin's own reason, or a try-again one when it cannot answer", async () => {
    const dataAccess = new TestDataAccess();
    const contributor = await registeredContributor(dataAccess);
    const ended = await refusal(403, 'Your access to clinical-trials-2026 ended: request it again');
    dataAccess.answer = async () => {
      throw ended;
    };
    await expect(contributor.contribute(request)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: 'Your access to clinical-trials-2026 ended: request it again',
    });

    const bad = await refusal(400, 'Invalid launch: server: 1 to 63 characters');
    dataAccess.answer = async () => {
      throw bad;
    };
    await expect(contributor.contribute(request)).rejects.toMatchObject({
      name: 'InputError',
      message: 'Invalid launch: server: 1 to 63 characters',
    });

    const down = await refusal(500, 'database is down');
    dataAccess.answer = async () => {
      throw down;
    };
    await expect(contributor.contribute(request)).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message:
        'Data access cannot be checked right now: try again in a minute, or ask an admin if it persists',
    });
  });
});
