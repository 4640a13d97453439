/*
 * The portal's OpenTelemetry set-up, as in Backstage's OpenTelemetry guide: loaded
 * before anything else with Node's --require, because Backstage's core services take
 * their meters from the global MeterProvider when they are created.
 *
 *   node --require ./src/instrumentation.js ...     (yarn start, scripts/start.sh)
 *   node --require ./instrumentation.js packages/backend ...   (the image's CMD)
 *
 * One MeterProvider for the process, read by a Prometheus exporter that opens no port
 * of its own: the platform-health plugin serves what it collects, behind Backstage's
 * auth (a static token for Prometheus), at /api/platform-health/metrics. It finds the
 * exporter under the global symbol below (PORTAL_METRICS_EXPORTER_KEY of
 * @internal/plugin-platform-health-backend), as OpenTelemetry's API keeps its own
 * globals.
 *
 * Plain JavaScript: the production image runs it as it is (no TypeScript transform).
 */
const { isMainThread } = require('node:worker_threads');

const EXPORTER_KEY = Symbol.for('atrium.portalMetrics.prometheusExporter');

// Worker threads load --require'd files too; the metrics are the main thread's.
if (isMainThread && !globalThis[EXPORTER_KEY]) {
  const { metrics } = require('@opentelemetry/api');
  const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');
  const { MeterProvider } = require('@opentelemetry/sdk-metrics');

  const exporter = new PrometheusExporter({ preventServerStart: true });
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [exporter] }));
  globalThis[EXPORTER_KEY] = exporter;
}
