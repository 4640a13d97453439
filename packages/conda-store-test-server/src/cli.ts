/*
 * Runs the conda-store test server for the local demo and the benchmark:
 *   node --require @backstage/cli-node/config/nodeTransform.cjs \
 *     packages/conda-store-test-server/src/cli.ts --port 18080 --token demo-token --seed demo
 * `--seed scale:<environments>:<builds per environment>` for a generated store;
 * `--queue-ms`, `--build-ms`: how long a new build stays QUEUED, then BUILDING.
 * Prints `conda-store-test-server listening on <url>` once it answers, stops on SIGTERM/SIGINT.
 */
import { parseArgs } from 'node:util';
import { startCondaStoreTestServer } from './index';

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      token: { type: 'string', default: 'test-token' },
      seed: { type: 'string', default: 'demo' },
      'queue-ms': { type: 'string', default: '300' },
      'build-ms': { type: 'string', default: '700' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a port number, got "${values.port}"`);
  }
  const scale = /^scale:(\d+):(\d+)$/.exec(values.seed!);
  if (values.seed !== 'demo' && values.seed !== 'empty' && !scale) {
    throw new Error(
      `--seed must be "demo", "empty" or "scale:<environments>:<builds each>", got "${values.seed}"`,
    );
  }
  const server = await startCondaStoreTestServer({
    port,
    queueMs: Number(values['queue-ms']),
    buildMs: Number(values['build-ms']),
    tokens: {
      [values.token!]: {
        primary_namespace: 'global',
        role_bindings: { '*/*': ['admin'] },
      },
    },
    seed: scale
      ? {
          environments: Number(scale[1]),
          buildsPerEnvironment: Number(scale[2]),
        }
      : (values.seed as 'demo' | 'empty'),
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(`conda-store-test-server listening on ${server.url}\n`);
}

main().catch(error => {
  process.stderr.write(`conda-store-test-server: ${error.message}\n`);
  process.exit(1);
});
