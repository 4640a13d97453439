import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import byUser from '../__fixtures__/opencost/allocation-label-username.json';
import byNamespace from '../__fixtures__/opencost/allocation-namespace.json';
import byUserShared from '../__fixtures__/opencost/allocation-label-username-shared.json';
import byNamespaceShared from '../__fixtures__/opencost/allocation-namespace-shared.json';

/**
 * - `plain`: a month of the demo cluster, no shared costs
 * - `shared`: the same month with kube-system shared onto everything else
 *   (OpenCost's `shareNamespaces=kube-system`, weighted)
 * - `hang`: accepts the connection and never answers
 * - `error`: 500, as OpenCost answers when its Prometheus is down
 */
export type OpenCostScenario = 'plain' | 'shared' | 'hang' | 'error';

export interface OpenCostReplayServer {
  url: string;
  /** Every request's URL, in order. */
  requests: URL[];
  /** Every request's Authorization header, in order. */
  authorizations: Array<string | undefined>;
  close(): Promise<void>;
}

/** The label the fixtures were recorded with (as `aggregate=label:<it>` or sanitized). */
const RECORDED_LABELS = [
  'hub.jupyter.org/username',
  'hub_jupyter_org_username',
];

type AllocationSet = Record<
  string,
  Record<string, unknown> & { totalCost: number }
>;

/**
 * What OpenCost answers for a label no pod carries: everything lands in one
 * `__unallocated__` allocation (plus `__idle__`), as its aggregation does.
 */
function unknownLabel(set: AllocationSet): AllocationSet {
  const { __idle__, ...rest } = set;
  const totalCost = Object.values(rest).reduce((a, x) => a + x.totalCost, 0);
  return {
    __unallocated__: {
      ...rest.__unallocated__,
      name: '__unallocated__',
      totalCost: Math.round(totalCost * 100000) / 100000,
    },
    __idle__,
  };
}

/**
 * A stand-in for OpenCost's HTTP API (`GET /allocation`) replaying recorded answers,
 * with the checks of the real handler on the parameters Atrium sends: a bad window is a
 * 400, an unknown aggregate too.
 */
export async function startOpenCostReplayServer(
  scenario: OpenCostScenario = 'plain',
): Promise<OpenCostReplayServer> {
  const requests: URL[] = [];
  const authorizations: Array<string | undefined> = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://opencost');
    requests.push(url);
    authorizations.push(req.headers.authorization);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (scenario === 'hang') return; // never answers
    if (req.method !== 'GET' || url.pathname !== '/allocation') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('404 page not found\n');
      return;
    }
    if (scenario === 'error') {
      json(500, {
        code: 500,
        message:
          'Error: failed to query Prometheus: Post "http://prometheus-server.monitoring/api/v1/query_range": dial tcp 10.100.12.7:80: connect: connection refused',
      });
      return;
    }

    const window = url.searchParams.get('window') ?? '';
    const [start, end] = window.split(',').map(s => Date.parse(s));
    if (!start || !end || Number.isNaN(start) || Number.isNaN(end)) {
      json(400, {
        code: 400,
        message: `Invalid 'window' parameter: illegal window: ${window}`,
      });
      return;
    }
    if (end <= start) {
      json(400, {
        code: 400,
        message: `Invalid 'window' parameter: end is before start: ${window}`,
      });
      return;
    }

    const aggregate = url.searchParams.get('aggregate') ?? '';
    const [users, namespaces] =
      scenario === 'shared'
        ? [byUserShared, byNamespaceShared]
        : [byUser, byNamespace];
    if (aggregate === 'namespace') {
      json(200, namespaces);
    } else if (aggregate.startsWith('label:')) {
      const label = aggregate.slice('label:'.length);
      json(
        200,
        RECORDED_LABELS.includes(label)
          ? users
          : {
              code: 200,
              data: users.data.map(set => unknownLabel(set as AllocationSet)),
            },
      );
    } else {
      json(400, {
        code: 400,
        message: `Invalid 'aggregate' parameter: invalid allocation property: ${aggregate}`,
      });
    }
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    authorizations,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
