import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { readTaskSchedule } from '@internal/backend-route-kit';
import { costsPermissions } from '@internal/plugin-costs-common';
import { workspacesApiServiceRef } from '@internal/plugin-workspaces-node';
import { costsClockServiceRef } from './clock';
import { DatabaseCostsStore } from './database/DatabaseCostsStore';
import { seedDemoUsage } from './demo/seedDemoUsage';
import { PriceList } from './pricing';
import { createActualCostProviders } from './providers';
import { Admission } from './service/Admission';
import { BudgetAlerts } from './service/BudgetAlerts';
import { BudgetsService } from './service/BudgetsService';
import { readCostsConfig } from './service/config';
import { repriceIfSheetsChanged } from './service/repricing';
import { CostsService } from './service/CostsService';
import { CatalogEntityDirectory } from './service/EntityDirectory';
import { Metering } from './service/Metering';
import { QuotasService } from './service/QuotasService';
import { createRouter } from './service/router';

/**
 * Costs of the data-science platform: workspace usage metered from the workspaces
 * plugin (through its API client in workspaces-node) and priced by the configured
 * sheets, reports, budgets with alerts, quotas enforced at launch (with
 * the `plugin-workspaces-backend-module-costs` package), and actual spend from OpenCost
 * and AWS Cost Explorer.
 *
 * @public
 */
export const costsPlugin = createBackendPlugin({
  pluginId: 'costs',
  register(env) {
    env.registerInit({
      deps: {
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        notifications: notificationService,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        userInfo: coreServices.userInfo,
        workspaces: workspacesApiServiceRef,
        clock: costsClockServiceRef,
      },
      async init({
        auth,
        catalog,
        config,
        database,
        httpRouter,
        logger,
        notifications,
        permissionsRegistry,
        scheduler,
        workspaces,
        clock,
        ...deps
      }) {
        permissionsRegistry.addPermissions(costsPermissions);
        const costsConfig = readCostsConfig(config);
        if (costsConfig.prices.length === 0) {
          logger.warn(
            'No price sheets configured (costs.prices): every workspace costs 0',
          );
        }
        const prices = new PriceList(costsConfig.prices);
        const store = await DatabaseCostsStore.create({ database, prices });
        // Sheets added, changed or removed since the last start: the days they price
        // are priced again, so all of history follows the sheets configured now.
        await repriceIfSheetsChanged({
          store,
          prices,
          logger,
          auditor: deps.auditor,
        });

        // Budgets and quotas from config are defaults for a new installation: seeded
        // once, then owned by the admins' changes in the UI.
        if (!(await store.getState('seeded.defaults'))) {
          for (const budget of costsConfig.budgets) {
            await store.putBudget(budget, 'config');
          }
          for (const quota of costsConfig.quotas) {
            await store.putQuota(quota, 'config');
          }
          await store.setState('seeded.defaults', new Date().toISOString());
        }

        // Demo history for the local demo only (costs.demoData.enabled): seeded now, and
        // kept current by the metering task.
        const seedDemo = async () => {
          if (!costsConfig.demoDataEnabled) return;
          await seedDemoUsage(store, {
            now: new Date(),
            logger,
            profiles: costsConfig.profiles,
          }).catch(error =>
            logger.warn(`Demo usage not seeded: ${(error as Error).message}`),
          );
        };
        await seedDemo();

        const directory = new CatalogEntityDirectory(catalog, auth);
        const costs = new CostsService({
          store,
          prices,
          config: costsConfig,
          directory,
          now: () => clock.now(),
        });
        const budgets = new BudgetsService({ store, costs });
        const quotas = new QuotasService({ store });
        const admission = new Admission({ store, costs, budgets });
        const alerts = new BudgetAlerts({
          budgets,
          notifications,
          thresholds: costsConfig.thresholds,
          logger,
        });
        const metering = new Metering({ store, workspaces, logger });

        // Global scope: one runner among all replicas per tick.
        await scheduler.scheduleTask({
          id: 'costs-metering',
          ...readTaskSchedule(config, 'costs.metering.schedule', {
            frequency: { minutes: 1 },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 10 },
            scope: 'global',
          }),
          fn: async (signal: AbortSignal) => {
            await seedDemo();
            try {
              const sessionsAsOfMs = Date.now();
              const copied = await metering.run(signal);
              // Stopped or another run copies: reconcile and alerts wait for a full copy.
              if (copied.aborted || copied.skipped) return;
              // Open sessions are fresh now: the right moment to heal reservations.
              const healed = await admission.reconcile({ sessionsAsOfMs });
              for (const excess of healed.overQuota ?? []) {
                logger.warn(
                  `Workspace ${excess.workspaceId} runs without an admission and past a quota: ${excess.reason}`,
                );
              }
              await alerts.run();
            } catch (error) {
              logger.warn(
                `Costs metering skipped: ${(error as Error).message}`,
              );
            }
          },
        });
        await scheduler.scheduleTask({
          id: 'costs-budget-alerts',
          ...readTaskSchedule(config, 'costs.alerts.schedule', {
            frequency: { minutes: 5 },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 30 },
            scope: 'global',
          }),
          fn: async () => {
            await alerts
              .run()
              .catch(error =>
                logger.warn(`Budget alerts skipped: ${error.message}`),
              );
          },
        });

        httpRouter.use(
          await createRouter({
            ...deps,
            costs,
            budgets,
            quotas,
            admission,
            directory,
            providers: createActualCostProviders(config, logger),
          }),
        );
      },
    });
  },
});
