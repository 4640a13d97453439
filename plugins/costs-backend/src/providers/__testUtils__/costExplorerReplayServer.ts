import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import page1 from '../__fixtures__/aws/GetCostAndUsage-page1.json';
import page2 from '../__fixtures__/aws/GetCostAndUsage-page2.json';

/** The credentials the server accepts (any secret: it checks the key id's scope only). */
export const TEST_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
export const TEST_SECRET_ACCESS_KEY =
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** The tag key the fixtures were recorded with. */
const RECORDED_TAG_KEY = 'hub.jupyter.org/username';
const TARGET = 'AWSInsightsIndexService.GetCostAndUsage';

export interface RecordedCostExplorerRequest {
  target?: string;
  authorization?: string;
  body: any;
}

export interface CostExplorerReplayServer {
  endpoint: string;
  requests: RecordedCostExplorerRequest[];
  close(): Promise<void>;
}

type Page = typeof page1 & { NextPageToken?: string };

/**
 * What Cost Explorer answers when grouping by a tag key that is not an activated cost
 * allocation tag: every amount under the empty value `"<key>$"`.
 */
function untaggedUnder(page: Page, tagKey: string): Page {
  return {
    ...page,
    GroupDefinitions: [{ Type: 'TAG', Key: tagKey }],
    ResultsByTime: page.ResultsByTime.map(result => {
      const micros = result.Groups.reduce(
        (a, g) => a + Math.round(Number(g.Metrics.UnblendedCost.Amount) * 1e10),
        0,
      );
      return {
        ...result,
        Groups: [
          {
            Keys: [`${tagKey}$`],
            Metrics: {
              UnblendedCost: {
                Amount: (micros / 1e10).toFixed(10),
                Unit: 'USD',
              },
            },
          },
        ],
      };
    }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A stand-in for the AWS Cost Explorer endpoint speaking its real wire protocol (AWS
 * JSON 1.1: `POST /`, `X-Amz-Target: AWSInsightsIndexService.GetCostAndUsage`,
 * `Content-Type: application/x-amz-json-1.1`, errors as `{"__type", "message"}`), so
 * that tests go through the real `@aws-sdk/client-cost-explorer` client, its SigV4
 * signing and its error parsing. It replays a recorded two-page `GetCostAndUsage`
 * answer: the first page without a token, the second for the first page's token.
 *
 * `hang` accepts requests and never answers.
 */
export async function startCostExplorerReplayServer(
  options: { hang?: boolean; unit?: string } = {},
): Promise<CostExplorerReplayServer> {
  const requests: RecordedCostExplorerRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer(async (req, res) => {
    const text = await readBody(req);
    let body: any;
    try {
      body = JSON.parse(text || '{}');
    } catch {
      body = undefined;
    }
    const target = req.headers['x-amz-target'] as string | undefined;
    const authorization = req.headers.authorization;
    requests.push({ target, authorization, body });
    if (options.hang) return;

    const answer = (status: number, payload: unknown) => {
      res.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': randomUUID(),
      });
      res.end(JSON.stringify(payload));
    };
    const fail = (status: number, type: string, message: string) =>
      answer(status, { __type: type, message });

    if (req.method !== 'POST' || req.url !== '/') {
      fail(404, 'UnknownOperationException', 'Not Found');
      return;
    }
    if (!authorization) {
      fail(
        400,
        'MissingAuthenticationTokenException',
        'Missing Authentication Token',
      );
      return;
    }
    const scope =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/ce\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/.exec(
        authorization,
      );
    if (!scope) {
      fail(
        400,
        'IncompleteSignatureException',
        `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' for the ce service. Authorization=${
          authorization.split(' ')[0]
        }`,
      );
      return;
    }
    if (scope[1] !== TEST_ACCESS_KEY_ID) {
      fail(
        400,
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
      return;
    }
    if (target !== TARGET) {
      fail(400, 'UnknownOperationException', '');
      return;
    }
    if (req.headers['content-type'] !== 'application/x-amz-json-1.1' || !body) {
      fail(
        400,
        'SerializationException',
        'Start of structure or map found where not expected.',
      );
      return;
    }

    const { TimePeriod, Granularity, Metrics, GroupBy, NextPageToken } = body;
    const validation = (message: string) =>
      fail(400, 'com.amazon.coral.validate#ValidationException', message);
    if (!TimePeriod?.Start || !TimePeriod?.End) {
      validation(
        "1 validation error detected: Value null at 'timePeriod' failed to satisfy constraint: Member must not be null",
      );
      return;
    }
    if (!(TimePeriod.Start < TimePeriod.End)) {
      validation('Start date (and hour) should be before end date (and hour)');
      return;
    }
    if (!['DAILY', 'MONTHLY', 'HOURLY'].includes(Granularity)) {
      validation(
        `1 validation error detected: Value '${Granularity}' at 'granularity' failed to satisfy constraint: Member must satisfy enum value set: [MONTHLY, HOURLY, DAILY]`,
      );
      return;
    }
    if (!Array.isArray(Metrics) || Metrics.length === 0) {
      validation('Metrics are required for this request');
      return;
    }
    const tagGroup = (GroupBy ?? []).find((g: any) => g.Type === 'TAG');
    if (!tagGroup?.Key) {
      validation('Group Definition key is required');
      return;
    }
    let page: Page;
    if (!NextPageToken) page = page1;
    else if (NextPageToken === page1.NextPageToken) page = page2 as Page;
    else {
      fail(400, 'InvalidNextTokenException', 'Invalid next token');
      return;
    }
    if (tagGroup.Key !== RECORDED_TAG_KEY)
      page = untaggedUnder(page, tagGroup.Key);
    if (options.unit) {
      page = JSON.parse(
        JSON.stringify(page).replace(
          /"Unit":"USD"/g,
          `"Unit":"${options.unit}"`,
        ),
      );
    }
    answer(200, page);
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
