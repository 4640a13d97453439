import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  InputError,
  NotAllowedError,
  ResponseError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type {
  LaunchDataPreview,
  LaunchDataSource,
} from '@internal/plugin-data-access-common';
import {
  dataAccessApiServiceRef,
  type LaunchDataRequest,
} from '@internal/plugin-data-access-node';
import {
  workspacesLaunchContributorExtensionPoint,
  type LaunchAdmissionPreview,
  type LaunchContributionRequest,
} from '@internal/plugin-workspaces-node';

/** The user option the hub-side hook (dev/jupyterhub/atrium_data_access.py) reads. */
export const DATA_USER_OPTION = 'atrium_data';

const UNAVAILABLE =
  'Data access cannot be checked right now: try again in a minute, or ask an admin if it persists';

function launchDataRequest(request: LaunchContributionRequest): LaunchDataRequest {
  return {
    user: request.user,
    groups: request.groups,
    workspaceId: request.workspace.id,
    hubUser: request.hubUser,
    server: request.workspace.name,
    ...(request.reproducedFrom ? { reproducedFrom: request.reproducedFrom } : {}),
  };
}

/** "clinical-trials-2026 (read-only, restricted)" */
function describeSource(source: LaunchDataSource): string {
  const access = source.access === 'read' ? 'read-only' : 'read-write';
  return `${source.name} (${access}, ${source.sensitivity})`;
}

/** What the launch dialog shows: one "Data" line per source, withheld ones as warnings. */
export function dataFacts(preview: LaunchDataPreview): LaunchAdmissionPreview {
  const facts: LaunchAdmissionPreview['facts'] = preview.sources.map(source => ({
    label: 'Data',
    value: describeSource(source),
  }));
  for (const withheld of preview.withheld) {
    facts.push({
      label: 'Data',
      value: `${withheld.name}: withheld (${withheld.reason})`,
      tone: 'warning',
    });
  }
  if (facts.length === 0) {
    facts.push({ label: 'Data', value: 'no data sources granted' });
  }
  return { facts };
}

/**
 * The data-access backend's refusal as the person should read it (its own sentence),
 * with the status it had; an unreachable or failing backend fails the start too: a
 * workspace never runs with data nobody checked, nor silently without what it expects.
 */
function startError(error: unknown): Error {
  if (ResponseError.is(error)) {
    if (error.statusCode === 403) return new NotAllowedError(error.cause.message);
    if (error.statusCode >= 400 && error.statusCode < 500) {
      return new InputError(error.cause.message);
    }
  }
  return new ServiceUnavailableError(UNAVAILABLE);
}

/**
 * Data at workspace launch: adds the data-access plugin's launch contributor to the
 * workspaces plugin. Grants, the launch records and the signing key live in the
 * data-access plugin; this module only calls it, as the workspaces plugin.
 *
 * @public
 */
export const workspacesModuleDataAccess = createBackendModule({
  pluginId: 'workspaces',
  moduleId: 'data-access',
  register(reg) {
    reg.registerInit({
      deps: {
        contributors: workspacesLaunchContributorExtensionPoint,
        auth: coreServices.auth,
        logger: coreServices.logger,
        dataAccess: dataAccessApiServiceRef,
      },
      async init({ contributors, auth, logger, dataAccess }) {
        const asWorkspaces = async () => ({
          credentials: await auth.getOwnServiceCredentials(),
        });
        contributors.addLaunchContributor({
          name: 'data-access',
          async contribute(request) {
            let launch;
            try {
              launch = await dataAccess.recordLaunch(
                launchDataRequest(request),
                await asWorkspaces(),
              );
            } catch (error) {
              logger.warn(
                `Data access for ${request.user}/${request.workspace.name} failed: ${error}`,
              );
              throw startError(error);
            }
            return launch.signed
              ? { userOptions: { [DATA_USER_OPTION]: launch.signed } }
              : {};
          },
          async preview(request) {
            try {
              return dataFacts(
                await dataAccess.previewLaunch(
                  launchDataRequest(request),
                  await asWorkspaces(),
                ),
              );
            } catch (error) {
              logger.warn(`Data access preview failed: ${error}`);
              return {
                facts: [
                  {
                    label: 'Data',
                    value: 'unavailable right now',
                    tone: 'warning' as const,
                  },
                ],
              };
            }
          },
          async release(workspace) {
            // Errors go to the workspaces plugin, which logs them.
            await dataAccess.endLaunch({ id: workspace.id }, await asWorkspaces());
          },
        });
      },
    });
  },
});
