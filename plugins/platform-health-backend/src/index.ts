/**
 * Atrium platform health backend.
 *
 * @packageDocumentation
 */
export { platformHealthPlugin as default } from './plugin';
export { registerPortalMetrics } from './metrics/portalMetrics';
export type { PortalMetrics } from './metrics/portalMetrics';
