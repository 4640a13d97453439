import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { CondaEnvironmentProcessor } from './CondaEnvironmentProcessor';

/**
 * Adds the {@link CondaEnvironmentProcessor} to the catalog: curated conda
 * environments that are not exactly pinned, or whose name, labels or lifecycle are
 * wrong, become processing errors.
 *
 * @public
 */
export const catalogModuleEnvironments = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'environments',
  register(env) {
    env.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addProcessor(new CondaEnvironmentProcessor());
      },
    });
  },
});
