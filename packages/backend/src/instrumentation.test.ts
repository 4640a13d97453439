import { PORTAL_METRICS_EXPORTER_KEY } from '@internal/plugin-platform-health-backend';
import { metrics } from '@opentelemetry/api';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import './instrumentation';

describe('instrumentation.js', () => {
  it('registers the global MeterProvider and leaves its exporter where platform-health serves it from', async () => {
    const exporter = (globalThis as Record<symbol, any>)[
      PORTAL_METRICS_EXPORTER_KEY
    ];
    expect(typeof exporter?.getMetricsRequestHandler).toBe('function');

    // An instrument from the global API, as Backstage's services create theirs.
    metrics
      .getMeter('backend_tasks')
      .createCounter('backend_tasks.task.runs.count')
      .add(2, { taskId: 'atrium-test', result: 'started' });

    const server = http.createServer((req, res) =>
      exporter.getMetricsRequestHandler(req, res),
    );
    await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
    try {
      const { port } = server.address() as AddressInfo;
      const text = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      expect(text).toMatch(
        /^backend_tasks_task_runs_count(_total)?\{[^}]*taskId="atrium-test"[^}]*\} 2/m,
      );
    } finally {
      await new Promise(r => server.close(r));
    }
  });
});
