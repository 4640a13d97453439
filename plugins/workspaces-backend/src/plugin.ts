import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { readTaskSchedule } from '@internal/backend-route-kit';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { workspacesPermissions } from '@internal/plugin-workspaces-common';
import {
  readProfiles,
  workspacesAdmissionExtensionPoint,
  workspacesDriverExtensionPoint,
  workspacesLaunchContributorExtensionPoint,
  type LaunchAdmissionCheck,
  type LaunchContributor,
  type WorkspaceDriver,
} from '@internal/plugin-workspaces-node';
import { DatabaseWorkspacesStore } from './database/DatabaseWorkspacesStore';
import { readIdlePolicies } from './service/idlePolicies';
import { hubTimeoutsFromConfig } from './service/hubModel';
import { JupyterHubDriver } from './service/JupyterHubDriver';
import { gitReadPolicyFromConfig } from './service/gitCommit';
import { catalogEnvironmentLookup } from './service/environmentBuild';
import { catalogProjectAccess } from './service/projectAccess';
import { UnconfiguredDriver } from './service/UnconfiguredDriver';
import { createContentsRouter } from './service/contentsRouter';
import { createDiagnosisRouter } from './service/diagnosisRouter';
import { createEnvironmentUsageRouter } from './service/environmentUsageRouter';
import { platformHealthPodDiagnosis } from './service/workspaceDiagnosis';
import { createRouter } from './service/router';
import { WorkspacesService } from './service/WorkspacesService';

/**
 * Notebook workspaces: JupyterHub named servers launched, watched, stopped and culled
 * from the portal, with their records, history and usage sessions in the database.
 *
 * @public
 */
export const workspacesPlugin = createBackendPlugin({
  pluginId: 'workspaces',
  register(env) {
    const admissionChecks: LaunchAdmissionCheck[] = [];
    const launchContributors: LaunchContributor[] = [];
    let customDriver: WorkspaceDriver | undefined;
    env.registerExtensionPoint(workspacesAdmissionExtensionPoint, {
      addAdmissionCheck(check) {
        admissionChecks.push(check);
      },
    });
    env.registerExtensionPoint(workspacesLaunchContributorExtensionPoint, {
      addLaunchContributor(contributor) {
        launchContributors.push(contributor);
      },
    });
    env.registerExtensionPoint(workspacesDriverExtensionPoint, {
      setDriver(driver) {
        if (customDriver)
          throw new Error('A workspaces driver was already set');
        customDriver = driver;
      },
    });

    env.registerInit({
      deps: {
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        userInfo: coreServices.userInfo,
      },
      async init({
        auth,
        catalog,
        config,
        database,
        discovery,
        httpRouter,
        logger,
        permissionsRegistry,
        scheduler,
        ...deps
      }) {
        permissionsRegistry.addPermissions(workspacesPermissions);

        let driver: WorkspaceDriver;
        if (customDriver) {
          driver = customDriver;
        } else if (config.has('workspaces.jupyterhub.url')) {
          driver = new JupyterHubDriver({
            url: config.getString('workspaces.jupyterhub.url'),
            publicUrl: config.getOptionalString(
              'workspaces.jupyterhub.publicUrl',
            ),
            apiToken: config.getString('workspaces.jupyterhub.apiToken'),
            ...hubTimeoutsFromConfig(config),
          });
        } else {
          // The portal still starts; workspace routes say what to configure.
          logger.warn(
            'No JupyterHub configured (workspaces.jupyterhub.url): workspaces are unavailable',
          );
          driver = new UnconfiguredDriver();
        }
        const store = await DatabaseWorkspacesStore.create({ database });
        const service = new WorkspacesService({
          store,
          driver,
          profiles: readProfiles(config),
          idlePolicies: readIdlePolicies(config),
          admissionChecks,
          launchContributors,
          logger,
          // Launches for a project are for its team (or admins), and record the project's
          // environment and git commit (HEAD) from the catalog.
          projectAccess: catalogProjectAccess({
            catalog,
            permissions: deps.permissions,
          }),
          // A conda-store environment launches with (and records) a build.
          environmentLookup: catalogEnvironmentLookup(catalog),
          gitReadPolicy: gitReadPolicyFromConfig(config),
        });

        // Global scope by default: one runner among all replicas per tick.
        await service.reconciler.schedule(
          scheduler,
          readTaskSchedule(config, 'workspaces.reconcile.schedule', {
            frequency: { seconds: 30 },
            // Also how long a replica that died while holding the task keeps the others
            // from reconciling (its claim expires then): short, since a run is one hub
            // list call and a few writes.
            timeout: { seconds: 45 },
            initialDelay: { seconds: 5 },
            scope: 'global',
          }),
        );
        await service.idleCuller.schedule(
          scheduler,
          readTaskSchedule(config, 'workspaces.idleCulling.schedule', {
            frequency: { minutes: 1 },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 20 },
            scope: 'global',
          }),
        );

        // Service-only: the results plugin reads notebooks of running workspaces and
        // writes one into a reproduction. First: the main router's 64 kB JSON body
        // limit would refuse a notebook.
        httpRouter.use(
          await createContentsRouter({ ...deps, service, driver }),
        );
        httpRouter.use(await createRouter({ ...deps, logger, service }));
        // Service-only: the environments plugin's idle builds and who uses a build.
        httpRouter.use(await createEnvironmentUsageRouter({ ...deps, store }));
        // Owners and admins: the hub's message, the kernels, and platform-health's view
        // of the workspace's pod.
        httpRouter.use(
          await createDiagnosisRouter({
            ...deps,
            service,
            driver,
            podDiagnosis: platformHealthPodDiagnosis({ discovery, auth }),
          }),
        );
      },
    });
  },
});
