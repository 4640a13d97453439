/*
 * Runs the Kubernetes API test server for the local demo:
 *   node --require @backstage/cli-node/config/nodeTransform.cjs \
 *     packages/kube-test-server/src/cli.ts --port 16443 --token demo-token --seed demo \
 *     [--kubeconfig-out path] [--no-metrics]
 * Prints `kube-test-server listening on <url>` once it answers, stops on SIGTERM/SIGINT.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startKubeTestServer } from './index';

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      token: { type: 'string', default: 'test-token' },
      seed: { type: 'string', default: 'demo' },
      'kubeconfig-out': { type: 'string' },
      'cluster-name': { type: 'string', default: 'kube-test-server' },
      'no-metrics': { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a port number, got "${values.port}"`);
  }
  if (values.seed !== 'demo' && values.seed !== 'empty') {
    throw new Error(`--seed must be "demo" or "empty", got "${values.seed}"`);
  }
  const server = await startKubeTestServer({
    port,
    token: values.token,
    seed: values.seed,
    metrics: !values['no-metrics'],
  });
  if (values['kubeconfig-out']) {
    writeFileSync(values['kubeconfig-out'], server.kubeconfig(values['cluster-name']), {
      mode: 0o600,
    });
  }
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
  process.stdout.write(`kube-test-server listening on ${server.url}\n`);
}

main().catch(error => {
  process.stderr.write(`kube-test-server: ${error.message}\n`);
  process.exit(1);
});
