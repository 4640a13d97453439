import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { readTaskSchedule } from '@internal/backend-route-kit';
import { resultsApiServiceRef } from '@internal/plugin-results-node';
import { ResultsCollatorFactory } from './ResultsCollatorFactory';

/**
 * Adds Atrium results to Backstage search (`search.collators.atriumResults.schedule`).
 *
 * @public
 */
export const searchModuleResultsCollator = createBackendModule({
  pluginId: 'search',
  moduleId: 'atrium-results-collator',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        scheduler: coreServices.scheduler,
        indexRegistry: searchIndexRegistryExtensionPoint,
        results: resultsApiServiceRef,
      },
      async init({ config, scheduler, indexRegistry, results }) {
        indexRegistry.addCollator({
          schedule: scheduler.createScheduledTaskRunner(
            readTaskSchedule(config, 'search.collators.atriumResults.schedule', {
              frequency: { minutes: 10 },
              timeout: { minutes: 15 },
              initialDelay: { seconds: 5 },
            }),
          ),
          factory: new ResultsCollatorFactory({ results }),
        });
      },
    });
  },
});
