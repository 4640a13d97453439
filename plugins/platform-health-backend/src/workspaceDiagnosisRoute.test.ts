import { mockCredentials } from '@backstage/backend-test-utils';
import {
  startKubeTestServer,
  type KubeTestServer,
} from '@internal/kube-test-server';
import type { WorkspacePodDiagnosis } from '@internal/plugin-platform-health-common';
import request from 'supertest';
import { JHUB_OBJECTS, workspacePod } from './__testUtils__/workspacePods';
import {
  as,
  eventually,
  startPlatformHealthBackend,
} from './__testUtils__/testBackend';

jest.setTimeout(60_000);

const PATH = '/api/platform-health/workspace-pods/diagnosis';
const asPlugin = (id: string) =>
  mockCredentials.service.header({
    onBehalfOf: mockCredentials.service(`plugin:${id}`),
    targetPluginId: 'platform-health',
  });

describe('GET /workspace-pods/diagnosis', () => {
  let kube: KubeTestServer;
  let backend: Awaited<ReturnType<typeof startPlatformHealthBackend>>;
  beforeAll(async () => {
    kube = await startKubeTestServer({
      seed: {
        objects: [
          ...JHUB_OBJECTS,
          workspacePod({
            name: 'jupyter-ada',
            username: 'ada',
            nodeName: 'cpu-1',
          }),
        ],
      },
    });
    kube.setLogs('jhub', 'jupyter-ada', 'notebook', [
      'token=s3cr3t in the log',
    ]);
    kube.faults.crashLoop('jhub', 'jupyter-ada', { restarts: 3 });
    backend = await startPlatformHealthBackend({
      entities: [],
      platformHealth: {
        clusters: [{ name: 'demo', url: kube.url, token: kube.token }],
        requestTimeout: { seconds: 1 },
        heartbeatInterval: { milliseconds: 300 },
      },
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await kube?.close();
  });

  const get = (query: string, authorization?: string) => {
    const req = request(backend.server).get(`${PATH}?${query}`);
    return authorization ? req.set('authorization', authorization) : req;
  };

  it('answers the workspaces plugin and DevOps and admins; refuses others with what to do', async () => {
    const asWorkspaces = await eventually(async () => {
      const res = await get('username=ada', asPlugin('workspaces'));
      expect(res.status).toBe(200);
      expect((res.body as WorkspacePodDiagnosis).findings[0]?.cause).toBe(
        'CrashLoop',
      );
      return res.body as WorkspacePodDiagnosis;
    });
    expect(asWorkspaces.pod?.name).toBe('jupyter-ada');
    expect(asWorkspaces.logTail?.container).toBe('notebook');

    for (const person of ['linus', 'margaret']) {
      const res = await get('username=ada&servername=', as(person));
      expect(res.status).toBe(200);
      expect(res.body.pod.name).toBe('jupyter-ada');
    }

    const scientist = await get('username=ada', as('ada'));
    expect(scientist.status).toBe(403);
    expect(scientist.body.error.message).toBe(
      "A workspace's diagnosis is for its owner (from the workspace's page) and for DevOps and admins: open it from your workspace, or ask a platform admin for the devops role",
    );
    expect(JSON.stringify(scientist.body)).not.toContain('s3cr3t');

    const otherPlugin = await get('username=ada', asPlugin('catalog'));
    expect(otherPlugin.status).toBe(403);
    expect(otherPlugin.body.error.message).toBe(
      'Only the workspaces plugin may call this route, not plugin:catalog',
    );
    expect((await get('username=ada')).status).toBe(401);
  });

  it('records each read (the log read) in the audit log', async () => {
    await get('username=ada', as('linus'));
    expect(backend.auditEvents).toContainEqual({
      eventId: 'workspace-diagnosis-read',
      status: 'succeeded',
      meta: {
        username: 'ada',
        servername: '',
        log: {
          cluster: 'demo',
          namespace: 'jhub',
          pod: 'jupyter-ada',
          container: 'notebook',
          previous: true,
        },
        missing: 0,
      },
    });
  });

  it('answers bad input with a 400 that says what is wrong', async () => {
    const long = await get(`username=${'a'.repeat(256)}`, as('margaret'));
    expect(long.status).toBe(400);
    expect(long.body.error.message).toMatch(/username.*at most 255 characters/);
    const none = await get('servername=x', as('margaret'));
    expect(none.status).toBe(400);
    expect(none.body.error.message).toMatch(/username/);
    const extra = await get('username=ada&pod=x', as('margaret'));
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toMatch(/pod/);
  });

  it('answers with what is known when there is no pod', async () => {
    const res = await get(
      'username=grace&servername=big',
      asPlugin('workspaces'),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      pod: null,
      findings: [],
      missing: [
        'no pod with the labels component=singleuser-server, hub.jupyter.org/username=grace, hub.jupyter.org/servername=big in cluster demo',
      ],
    });
  });

  it('answers with what is known when the cluster stops answering (the log is missing)', async () => {
    kube.faults.unreachable('hang');
    try {
      const res = await get('username=ada', asPlugin('workspaces'));
      expect(res.status).toBe(200);
      const body = res.body as WorkspacePodDiagnosis;
      expect(body.pod?.name).toBe('jupyter-ada');
      expect(body.findings[0].cause).toBe('CrashLoop');
      expect(body.logTail).toBeUndefined();
      expect(body.missing.join('\n')).toMatch(
        /the log of notebook could not be read: .*did not answer within/,
      );
    } finally {
      kube.faults.reachable();
    }
  });
});
