import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { PORTAL_METRICS_EXPORTER_KEY } from '../metrics/portalMetricsEndpoint';

/**
 * For backends started by jest: what packages/backend/src/instrumentation.js does before
 * a real backend starts (a global MeterProvider read by a Prometheus exporter, left
 * where the metrics route finds it). Once per test file.
 */
export function registerTestPortalMetrics(): void {
  const global = globalThis as Record<symbol, unknown>;
  if (global[PORTAL_METRICS_EXPORTER_KEY]) return;
  const exporter = new PrometheusExporter({ preventServerStart: true });
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [exporter] }));
  global[PORTAL_METRICS_EXPORTER_KEY] = exporter;
}
