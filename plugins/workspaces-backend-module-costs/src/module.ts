import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  workspacesAdmissionExtensionPoint,
  type LaunchAdmissionDecision,
  type LaunchAdmissionPreview,
  type LaunchAdmissionRequest,
} from '@internal/plugin-workspaces-node';
import { CostsAdmissionClient } from './CostsAdmissionClient';

/**
 * Budgets and quotas at workspace launch: adds the costs plugin's admission check to
 * the workspaces plugin. The reservations and the lock that makes concurrent launches
 * safe live in the costs plugin; this module only calls it.
 *
 * @public
 */
export const workspacesModuleCosts = createBackendModule({
  pluginId: 'workspaces',
  moduleId: 'costs',
  register(reg) {
    reg.registerInit({
      deps: {
        admission: workspacesAdmissionExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
      },
      async init({ admission, auth, discovery, logger }) {
        const client = new CostsAdmissionClient(auth, discovery);
        admission.addAdmissionCheck({
          name: 'costs',
          async check(request: LaunchAdmissionRequest) {
            try {
              return (await client.post<LaunchAdmissionDecision>(
                'check',
                request,
              ))!;
            } catch (error) {
              // Without an answer quotas cannot be kept: refuse, and say it is temporary.
              logger.warn(`Costs admission check failed: ${error}`);
              return {
                allowed: false,
                reason:
                  'Budgets and quotas cannot be checked right now: try again in a minute, or ask an admin if it persists',
              };
            }
          },
          async preview(request: LaunchAdmissionRequest) {
            try {
              return (await client.post<LaunchAdmissionPreview>(
                'preview',
                request,
              ))!;
            } catch (error) {
              logger.warn(`Costs admission preview failed: ${error}`);
              return {
                facts: [
                  {
                    label: 'Estimated cost',
                    value: 'unavailable right now',
                    tone: 'warning' as const,
                  },
                ],
              };
            }
          },
          async release(workspace) {
            // Errors go to the workspaces plugin, which logs them; reconcile heals.
            await client.post('release', {
              id: workspace.id,
              user: workspace.user,
              ...(workspace.admissionId
                ? { admissionId: workspace.admissionId }
                : {}),
            });
          },
        });
      },
    });
  },
});
