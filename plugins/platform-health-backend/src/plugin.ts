import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { readTaskSchedule } from '@internal/backend-route-kit';
import { metrics } from '@opentelemetry/api';
import { platformHealthPermissions } from '@internal/plugin-platform-health-common';
import { AlertNotifier } from './alerts/AlertNotifier';
import { readPlatformHealthConfig } from './config';
import { EpisodeStore } from './database/EpisodeStore';
import { HistoryService } from './history/HistoryService';
import { ClusterService } from './kubernetes/ClusterService';
import { registerClusterMetrics } from './metrics/clusterMetrics';
import { portalMetricsEndpoint } from './metrics/portalMetricsEndpoint';
import { PrometheusClient } from './prometheus/PrometheusClient';
import { createRouter } from './service/router';
import { ServiceHealthService } from './service/ServiceHealthService';

/**
 * Platform health: the configured Kubernetes clusters kept in watch-based caches
 * (cluster overview, problem pods, logs on demand), the health of the platform's
 * catalog components (workloads, Prometheus queries and alerts, HTTP probes), and the
 * portal's metrics in Prometheus format at /api/platform-health/metrics (collected by
 * the OpenTelemetry set-up of the backend's instrumentation file).
 *
 * @public
 */
export const platformHealthPlugin = createBackendPlugin({
  pluginId: 'platform-health',
  register(env) {
    env.registerInit({
      deps: {
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        notifications: notificationService,
      },
      async init({
        auditor,
        auth,
        config: rootConfig,
        database,
        httpAuth,
        httpRouter,
        logger,
        lifecycle,
        permissions,
        permissionsRegistry,
        scheduler,
        catalog,
        notifications,
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

        // The process's MeterProvider, which the backend's instrumentation file set up.
        const { recordProbe, unregister } = registerClusterMetrics(
          metrics.getMeter('atrium-platform-health'),
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

        const episodes = await EpisodeStore.create(database);
        const history = new HistoryService({
          config,
          clusters,
          prometheus,
          episodes,
        });
        if (
          rootConfig.getOptionalBoolean('platformHealth.alerts.enabled') ??
          true
        ) {
          const notifier = new AlertNotifier({
            config,
            store: episodes,
            services,
            prometheus,
            notifications,
            auth,
            logger,
          });
          // Global scope: one replica polls per tick, so an episode is opened once.
          await scheduler.scheduleTask({
            id: 'platform-health-alerts',
            ...readTaskSchedule(rootConfig, 'platformHealth.alerts.schedule', {
              frequency: { minutes: 1 },
              timeout: { minutes: 2 },
              initialDelay: { seconds: 30 },
              scope: 'global',
            }),
            fn: async () => {
              await notifier
                .run()
                .catch(error =>
                  logger.warn(
                    `Platform health alerts skipped: ${error.message}`,
                  ),
                );
            },
          });
        }

        if (config.metrics.allowUnauthenticated) {
          httpRouter.addAuthPolicy({
            path: '/metrics',
            allow: 'unauthenticated',
          });
        }
        httpRouter.use(
          await createRouter({
            auditor,
            httpAuth,
            permissions,
            clusters,
            services,
            portalMetrics: portalMetricsEndpoint(),
            metricsAllowUnauthenticated: config.metrics.allowUnauthenticated,
            history,
            episodes,
          }),
        );
      },
    });
  },
});
