import { ServiceUnavailableError } from '@backstage/errors';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Where the backend's instrumentation file (packages/backend/src/instrumentation.js,
 * loaded with `node --require` before anything else) leaves the Prometheus exporter of
 * the process's OpenTelemetry MeterProvider. The set-up is the backend's, as in
 * Backstage's OpenTelemetry guide; this plugin only serves what it collects, behind
 * Backstage's auth, at /api/platform-health/metrics.
 *
 * @public
 */
export const PORTAL_METRICS_EXPORTER_KEY = Symbol.for(
  'atrium.portalMetrics.prometheusExporter',
);

/** The part of OpenTelemetry's PrometheusExporter this plugin uses. */
interface PrometheusRequestHandler {
  getMetricsRequestHandler(req: IncomingMessage, res: ServerResponse): void;
}

/** Answers a scrape with the process's metrics in Prometheus' text format. */
export interface PortalMetricsEndpoint {
  handle(req: IncomingMessage, res: ServerResponse): void;
}

/**
 * The metrics of the whole process (Backstage's and Atrium's instruments), read from
 * the exporter the instrumentation file registered. Looked up on each scrape, so the
 * order in which modules load does not matter.
 */
export function portalMetricsEndpoint(): PortalMetricsEndpoint {
  return {
    handle(req, res) {
      const exporter = (globalThis as Record<symbol, unknown>)[
        PORTAL_METRICS_EXPORTER_KEY
      ] as PrometheusRequestHandler | undefined;
      if (!exporter) {
        throw new ServiceUnavailableError(
          "The portal's metrics are not set up: start the backend with `node --require ./src/instrumentation.js` (packages/backend), as its start script and the image do",
        );
      }
      exporter.getMetricsRequestHandler(req, res);
    },
  };
}
