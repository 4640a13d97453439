import type { KubeObject } from '../types';

function stamp(start: number, offsetMs: number): string {
  return new Date(start + offsetMs).toISOString().replace(/Z$/, '000000Z');
}

/**
 * What a container without seeded logs prints: a start-up shaped by what it is (a
 * JupyterHub notebook server or a generic web service), stamped from when it started.
 */
export function defaultLogs(pod: KubeObject, container: string): string[] {
  const status = (pod.status as any)?.containerStatuses?.find((c: any) => c.name === container);
  const started = Date.parse(
    status?.state?.running?.startedAt ?? pod.metadata.creationTimestamp ?? new Date().toISOString(),
  );
  const start = Number.isNaN(started) ? Date.now() : started;
  const labels = pod.metadata.labels ?? {};
  if (labels.component === 'singleuser-server') {
    const user = labels['hub.jupyter.org/username'] ?? 'user';
    const server = labels['hub.jupyter.org/servername'] ?? '';
    const prefix = `/user/${user}/${server ? `${server}/` : ''}`;
    return [
      `${stamp(start, 400)} [I ${new Date(start + 400).toISOString().slice(0, 19).replace('T', ' ')} ServerApp] Extension package jupyterlab took 0.2134s to import`,
      `${stamp(start, 1200)} [I ServerApp] jupyterlab | extension was successfully loaded.`,
      `${stamp(start, 1500)} [I ServerApp] Serving notebooks from local directory: /home/${user}`,
      `${stamp(start, 1510)} [I ServerApp] Jupyter Server 2.14.2 is running at:`,
      `${stamp(start, 1520)} [I ServerApp] http://${pod.metadata.name}:8888${prefix}lab`,
      `${stamp(start, 1800)} [I JupyterHubSingleUser] Updating Hub with activity every 300 seconds`,
    ];
  }
  const app = labels.app ?? labels['app.kubernetes.io/name'] ?? container;
  return [
    `${stamp(start, 300)} level=info msg="starting ${app}" container=${container}`,
    `${stamp(start, 900)} level=info msg="configuration loaded" source=/etc/${app}/config.yaml`,
    `${stamp(start, 1400)} level=info msg="listening" address=0.0.0.0:8080`,
    `${stamp(start, 60_000)} level=info msg="GET /healthz 200" duration=0.4ms`,
  ];
}
