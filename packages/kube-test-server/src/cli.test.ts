import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as k8s from '@kubernetes/client-node';

describe('cli', () => {
  it('prints the listening line, writes a working kubeconfig and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-test-server-cli-'));
    const kubeconfigPath = join(dir, 'kubeconfig.yaml');
    const child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
        resolve(__dirname, 'cli.ts'),
        '--port', '0',
        '--token', 'demo-token',
        '--seed', 'demo',
        '--kubeconfig-out', kubeconfigPath,
        '--cluster-name', 'nebari-cluster',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const url = await new Promise<string>((resolveUrl, reject) => {
        let out = '';
        child.stdout.on('data', chunk => {
          out += chunk;
          const match = /^kube-test-server listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
          if (match) resolveUrl(match[1]);
        });
        child.stderr.on('data', chunk => {
          out += chunk;
        });
        child.on('exit', code => reject(new Error(`exited with ${code}: ${out}`)));
      });
      const kc = new k8s.KubeConfig();
      kc.loadFromString(readFileSync(kubeconfigPath, 'utf8'));
      expect(kc.getCurrentContext()).toBe('nebari-cluster');
      expect(kc.getCurrentCluster()?.server).toBe(url);
      const pods = await kc.makeApiClient(k8s.CoreV1Api).listNamespacedPod({ namespace: 'dev' });
      expect(pods.items.length).toBe(14);

      const exited = new Promise<number | null>(done => child.on('exit', code => done(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
