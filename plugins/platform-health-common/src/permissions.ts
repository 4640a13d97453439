import { createPermission } from '@backstage/plugin-permission-common';

/**
 * See the health of the platform's services (the platform status page and the Health
 * tab of platform components). Open to everyone: data scientists want to know whether
 * JupyterHub or conda-store is down before they file a ticket.
 *
 * @public
 */
export const platformServicesReadPermission = createPermission({
  name: 'atrium.platform-health.services.read',
  attributes: { action: 'read' },
});

/**
 * See the clusters themselves: nodes, every namespace's pods, warning events, quotas and
 * container logs. DevOps and admins only (the Atrium policy restricts it): logs and
 * events can carry other teams' data.
 *
 * @public
 */
export const platformClusterReadPermission = createPermission({
  name: 'atrium.platform-health.cluster.read',
  attributes: { action: 'read' },
});

/**
 * Read the portal's own metrics (Prometheus text format) as a signed-in user. Scrapers
 * use a static external-access token instead (see the backend's README).
 *
 * @public
 */
export const platformMetricsReadPermission = createPermission({
  name: 'atrium.platform-health.metrics.read',
  attributes: { action: 'read' },
});

/** @public */
export const platformHealthPermissions = [
  platformServicesReadPermission,
  platformClusterReadPermission,
  platformMetricsReadPermission,
];
