import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { condaStoreServiceRef } from '@internal/plugin-environments-node';
import {
  workspacesLaunchContributorExtensionPoint,
  type LaunchAdmissionPreview,
} from '@internal/plugin-workspaces-node';
import {
  condaStoreStartError,
  ENVIRONMENT_USER_OPTION,
  UnusableBuildError,
  usableBuild,
} from './condaStoreBuild';

/**
 * conda-store builds at workspace launch: a workspace whose environment is a conda-store
 * environment gets the build it recorded (the current one at its first launch, the
 * reproduced one for a reproduction) checked in conda-store, and the hub gets it as the
 * `atrium_environment` user option; the launch dialog shows the build, or why it cannot
 * be used.
 *
 * @public
 */
export const workspacesModuleCondaStore = createBackendModule({
  pluginId: 'workspaces',
  moduleId: 'conda-store',
  register(reg) {
    reg.registerInit({
      deps: {
        contributors: workspacesLaunchContributorExtensionPoint,
        logger: coreServices.logger,
        condaStore: condaStoreServiceRef,
      },
      async init({ contributors, logger, condaStore }) {
        contributors.addLaunchContributor({
          name: 'conda-store',
          async contribute(request) {
            const launch = request.environment?.condaStore;
            if (!launch) return {};
            try {
              return {
                userOptions: {
                  [ENVIRONMENT_USER_OPTION]: await usableBuild(
                    condaStore,
                    launch,
                  ),
                },
              };
            } catch (error) {
              logger.warn(
                `conda-store build #${launch.buildId} for ${request.user}/${request.workspace.name}: ${error}`,
              );
              throw condaStoreStartError(error);
            }
          },
          async preview(request): Promise<LaunchAdmissionPreview> {
            const launch = request.environment?.condaStore;
            if (!launch) return { facts: [] };
            const value = `${launch.namespace}/${launch.environment}, build #${launch.buildId}`;
            try {
              await usableBuild(condaStore, launch);
              return { facts: [{ label: 'Environment', value }] };
            } catch (error) {
              if (error instanceof UnusableBuildError) {
                return {
                  facts: [{ label: 'Environment', value, tone: 'error' }],
                  refusal: error.message,
                };
              }
              logger.warn(`conda-store preview failed: ${error}`);
              return {
                facts: [
                  {
                    label: 'Environment',
                    value: `${value} (conda-store cannot be reached to check it)`,
                    tone: 'warning',
                  },
                ],
              };
            }
          },
        });
      },
    });
  },
});
