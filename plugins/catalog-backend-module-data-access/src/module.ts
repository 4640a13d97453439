import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import {
  DataSourceProcessor,
  readNebariSharedFolders,
} from './DataSourceProcessor';

/**
 * Adds the {@link DataSourceProcessor} to the catalog: data sources checked, and
 * Nebari's per-group shared folders as data sources when configured.
 *
 * @public
 */
export const catalogModuleDataAccess = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'data-access',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ catalog, config }) {
        catalog.addProcessor(
          new DataSourceProcessor(readNebariSharedFolders(config)),
        );
      },
    });
  },
});
