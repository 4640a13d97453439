import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import type { WorkspacePodDiagnosis } from '@internal/plugin-platform-health-common';
import type {
  DriverKernel,
  WorkspaceDriver,
} from '@internal/plugin-workspaces-node';
import type { StoredWorkspace } from '../database/WorkspacesStore';
import {
  diagnoseWorkspace,
  kernelFindings,
  platformHealthPodDiagnosis,
} from './workspaceDiagnosis';

/**
 * The composing code, with a real HTTP server standing in for the platform-health
 * backend (the route test runs against the real hub; see diagnosis.realHub.test.ts).
 */

const workspace = {
  id: '6f1c1a38-5d7e-4f55-9a55-0d5b7f0f4a11',
  owner: 'user:default/ada',
  hubUser: 'ada',
  name: 'train',
  status: 'running',
  statusReason: undefined,
} as unknown as StoredWorkspace;

/** A pod diagnosis in the contract's shape: a pending pod the scheduler cannot place. */
const podAnswer: WorkspacePodDiagnosis = {
  pod: {
    cluster: 'demo',
    namespace: 'dev',
    name: 'jupyter-ada--train',
    phase: 'Pending',
    deleting: false,
    conditions: [
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message:
          '0/4 nodes are available: 4 Insufficient nvidia.com/gpu. preemption: 0/4 nodes are available: 4 No preemption victims found for incoming pod.',
      },
    ],
    containers: [],
    restarts: 0,
    events: [],
    limits: { gpus: 4 },
  },
  findings: [
    {
      cause: 'FailedScheduling',
      severity: 'error',
      summary: 'no node has 4 free GPUs',
      action: 'pick a CPU profile or ask an admin',
      facts: ['0/4 nodes are available: 4 Insufficient nvidia.com/gpu.'],
    },
  ],
  missing: [],
};

let server: Server;
let base: string;
/** What the stand-in answers next: a status and body, or nothing at all. */
let answer: { status: number; body: unknown } | 'hang';
const seen: Array<{ url?: string; authorization?: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url, authorization: req.headers.authorization });
    if (answer === 'hang') return; // accepts and never answers
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise(r => server.close(r));
});

const podDiagnosis = platformHealthPodDiagnosis({
  discovery: {
    getBaseUrl: async () => base,
    getExternalBaseUrl: async () => base,
  },
  auth: mockServices.auth(),
});

/** The hub as far as a diagnosis reads it: one progress message and the kernels. */
function hubDriver(kernels: DriverKernel[]): WorkspaceDriver {
  return {
    async *progress() {
      yield {
        progress: 100,
        ready: true,
        message: 'Server ready at /user/ada/train/',
      };
    },
    listKernels: async () => kernels,
  } as Partial<WorkspaceDriver> as WorkspaceDriver;
}

describe('diagnoseWorkspace', () => {
  it("joins platform-health's answer, the hub's message and dead kernels", async () => {
    answer = { status: 200, body: podAnswer };
    const result = await diagnoseWorkspace(workspace, {
      podDiagnosis,
      driver: hubDriver([
        // jupyter_server's /api/kernels fields, mapped by HubContents.
        {
          id: 'a3f1c2d4-0000-4000-8000-000000000001',
          name: 'python3',
          executionState: 'dead',
          connections: 0,
        },
        {
          id: 'a3f1c2d4-0000-4000-8000-000000000002',
          name: 'python3',
          executionState: 'idle',
          connections: 1,
        },
      ]),
      now: () => new Date('2026-12-05T01:00:00Z'),
    });
    expect(seen[seen.length - 1].url).toBe(
      '/workspace-pods/diagnosis?username=ada&servername=train',
    );
    expect(seen[seen.length - 1].authorization).toMatch(/^Bearer /);
    expect(result).toMatchObject({
      workspaceId: workspace.id,
      pod: { name: 'jupyter-ada--train', phase: 'Pending' },
      hubMessage: 'Server ready at /user/ada/train/',
      missing: [],
      diagnosedAt: '2026-12-05T01:00:00.000Z',
    });
    expect(result.findings.map(f => [f.cause, f.severity])).toEqual([
      ['FailedScheduling', 'error'],
      ['KernelDead', 'error'],
    ]);
    expect(result.kernels?.map(k => k.executionState)).toEqual([
      'dead',
      'idle',
    ]);
  });

  it('answers with what is known when platform-health does not answer in time', async () => {
    answer = 'hang';
    const result = await diagnoseWorkspace(workspace, {
      podDiagnosis,
      driver: hubDriver([]),
      deadlines: { podMs: 200 },
    });
    expect(result.pod).toBeNull();
    expect(result.missing).toEqual([
      "the cluster's view of the pod: platform-health did not answer within 0.2 s",
    ]);
    expect(result.hubMessage).toBe('Server ready at /user/ada/train/');
    expect(result.kernels).toEqual([]);
  });

  it("names platform-health's refusal as missing", async () => {
    answer = {
      status: 503,
      body: {
        error: {
          name: 'ServiceUnavailableError',
          message: 'cluster demo not synced yet',
        },
      },
    };
    const result = await diagnoseWorkspace(workspace, {
      podDiagnosis,
      driver: hubDriver([]),
    });
    expect(result.missing).toEqual([
      "the cluster's view of the pod: HTTP 503: cluster demo not synced yet",
    ]);
  });
});

describe('kernelFindings', () => {
  it('reports dead and restarting kernels only', () => {
    const findings = kernelFindings([
      { id: 'k-dead-0001', name: 'python3', executionState: 'dead' },
      { id: 'k-rest-0002', name: 'ir', executionState: 'restarting' },
      { id: 'k-busy-0003', name: 'python3', executionState: 'busy' },
    ]);
    expect(findings.map(f => [f.severity, f.summary])).toEqual([
      ['error', 'The python3 kernel k-dead-0 died and was not restarted'],
      [
        'warning',
        'The ir kernel k-rest-0 is restarting: it crashed (often out of memory or a crashing library)',
      ],
    ]);
    expect(findings[0].facts).toEqual(['execution_state: dead']);
  });
});
