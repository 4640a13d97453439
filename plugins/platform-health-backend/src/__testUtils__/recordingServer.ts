import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local HTTP server that remembers every request it gets (method and URL). */
export interface RecordingServer {
  url: string;
  host: string;
  port: number;
  requests: string[];
  close(): Promise<void>;
}

export async function startRecordingServer(
  answer: (req: http.IncomingMessage, res: http.ServerResponse) => void = (
    _req,
    res,
  ) => res.writeHead(200).end('ok'),
): Promise<RecordingServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    answer(req, res);
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise(r => server.close(r));
    },
  };
}
