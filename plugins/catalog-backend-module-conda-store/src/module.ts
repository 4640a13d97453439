import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { readTaskSchedule } from '@internal/backend-route-kit';
import {
  condaStoreClientFromConfig,
  readCondaStoreOwnerRules,
} from '@internal/plugin-environments-node';
import { CondaStoreEntityProvider } from './CondaStoreEntityProvider';

/**
 * Adds the conda-store entity provider to the catalog when `environments.condaStore`
 * is configured, and schedules its sync (`environments.condaStore.schedule`, default
 * every 2 minutes, once across replicas).
 *
 * @public
 */
export const catalogModuleCondaStore = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'conda-store',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ catalog, config, logger, scheduler }) {
        const client = condaStoreClientFromConfig(config);
        if (!client) {
          logger.info(
            'conda-store is not configured (environments.condaStore): only curated environments are in the catalog',
          );
          return;
        }
        const section = config.getConfig('environments.condaStore');
        const fullSyncEvery = section.getOptionalNumber('fullSyncEvery') ?? 30;
        if (!Number.isInteger(fullSyncEvery) || fullSyncEvery < 1) {
          throw new Error(
            `environments.condaStore.fullSyncEvery must be a whole number of syncs of at least 1, got ${fullSyncEvery}`,
          );
        }
        const schedule = readTaskSchedule(
          config,
          'environments.condaStore.schedule',
          {
            frequency: { minutes: 2 },
            timeout: { minutes: 10 },
          },
        );
        catalog.addEntityProvider(
          new CondaStoreEntityProvider({
            client,
            logger,
            fullSyncEvery,
            owners: readCondaStoreOwnerRules(config),
            taskRunner: scheduler.createScheduledTaskRunner({
              scope: 'global',
              ...schedule,
            }),
          }),
        );
      },
    });
  },
});
