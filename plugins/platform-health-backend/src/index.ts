/**
 * Atrium platform health backend.
 *
 * @packageDocumentation
 */
export { platformHealthPlugin as default } from './plugin';
export { PORTAL_METRICS_EXPORTER_KEY } from './metrics/portalMetricsEndpoint';
