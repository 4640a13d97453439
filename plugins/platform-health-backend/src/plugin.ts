import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { platformHealthPermissions } from '@internal/plugin-platform-health-common';
import { readPlatformHealthConfig } from './config';
import { ClusterService } from './kubernetes/ClusterService';
import { registerClusterMetrics } from './metrics/clusterMetrics';
import { registerPortalMetrics } from './metrics/portalMetrics';
import { PrometheusClient } from './prometheus/PrometheusClient';
import { createRouter } from './service/router';
import { ServiceHealthService } from './service/ServiceHealthService';

/**
 * Platform health: the configured Kubernetes clusters kept in watch-based caches
 * (cluster overview, problem pods, logs on demand), the health of the platform's
 * catalog components (workloads, Prometheus queries and alerts, HTTP probes), and the
 * portal's own metrics in Prometheus format at /api/platform-health/metrics.
 *
 * @public
 */
export const platformHealthPlugin = createBackendPlugin({
  pluginId: 'platform-health',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init({
        config: rootConfig,
        httpAuth,
        httpRouter,
        logger,
        lifecycle,
        permissions,
        permissionsRegistry,
        catalog,
      }) {
        permissionsRegistry.addPermissions(platformHealthPermissions);
        const config = readPlatformHealthConfig(rootConfig);
        config.skippedClusters.forEach(message => logger.warn(message));

        const clusters = new ClusterService(config, logger);
        if (config.clusters.length === 0) {
          logger.warn(
            'No clusters configured (platformHealth.clusters): the cluster overview is empty',
          );
        }
        clusters.start();
        lifecycle.addShutdownHook(() => clusters.stop());

        const portalMetrics = registerPortalMetrics();
        const { recordProbe, unregister } = registerClusterMetrics(
          portalMetrics.meter,
          clusters,
        );
        lifecycle.addShutdownHook(unregister);

        const prometheus = config.prometheus
          ? new PrometheusClient({
              url: config.prometheus.url,
              token: config.prometheus.token,
              timeoutMs: config.requestTimeoutMs,
              staleAfterMs: config.staleAfterMs,
            })
          : undefined;
        const services = new ServiceHealthService({
          config,
          clusters,
          catalog,
          prometheus,
          onProbe: recordProbe,
        });

        if (config.metrics.allowUnauthenticated) {
          httpRouter.addAuthPolicy({
            path: '/metrics',
            allow: 'unauthenticated',
          });
        }
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            clusters,
            services,
            portalMetrics,
            metricsAllowUnauthenticated: config.metrics.allowUnauthenticated,
          }),
        );
      },
    });
  },
});
