import { metrics, type Meter } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The portal's OpenTelemetry metrics, read out in Prometheus' text format. */
export interface PortalMetrics {
  /** Atrium's own instruments; always exported, whoever owns the global provider. */
  meter: Meter;
  /** Whether Backstage's own metrics (global MeterProvider) are exported too. */
  global: boolean;
  /** Answers a scrape with the current metrics. */
  handle(req: IncomingMessage, res: ServerResponse): void;
}

let portalMetrics: PortalMetrics | undefined;

/**
 * Sets up the portal's metrics once per process: an OpenTelemetry MeterProvider whose
 * reader is a PrometheusExporter that serves no port of its own (the platform-health
 * router answers `/metrics` with it), registered as the global MeterProvider so that
 * Backstage's core services (which take their meters from the global provider when they
 * are created) are exported too.
 *
 * Call it before `createBackend()` (packages/backend does, first thing) to include
 * Backstage's metrics; the platform-health plugin calls it again at start-up, which
 * returns the same instance or, when no one called it earlier, sets it up then (and
 * only instruments created afterwards are exported). When something else already
 * registered a global provider (an OpenTelemetry NodeSDK started with `--require`),
 * that one keeps Backstage's metrics and this one exports Atrium's own.
 *
 * @public
 */
export function registerPortalMetrics(): PortalMetrics {
  if (portalMetrics) return portalMetrics;
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({ readers: [exporter] });
  const global = metrics.setGlobalMeterProvider(provider);
  portalMetrics = {
    meter: provider.getMeter('atrium-platform-health'),
    global,
    handle: (req, res) => exporter.getMetricsRequestHandler(req, res),
  };
  return portalMetrics;
}
