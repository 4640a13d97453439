import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import StorageIcon from '@material-ui/icons/Storage';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  CONDA_ENVIRONMENT_TYPE,
  DATA_SCIENCE_PROJECT_TYPE,
  isCondaEnvironmentEntity,
  isCondaStoreEnvironmentEntity,
} from '@internal/plugin-environments-common';
import { CondaStoreBuildsClient, condaStoreBuildsApiRef } from './api';

/** The conda-store overview page (DevOps and admins). @public */
export const condaStoreOverviewRouteRef = createRouteRef();

const condaStoreBuildsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: condaStoreBuildsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CondaStoreBuildsClient({ discoveryApi, fetchApi }),
    }),
});

// The sidebar shows it to DevOps and admins only; the backend refuses everyone else.
const condaStoreOverviewPage = PageBlueprint.make({
  params: {
    path: '/environments',
    routeRef: condaStoreOverviewRouteRef,
    title: 'Environments',
    icon: <StorageIcon />,
    loader: () =>
      import('./components/CondaStoreOverviewPage').then(m => (
        <m.CondaStoreOverviewPage />
      )),
  },
});

const environmentFilter = {
  kind: 'resource',
  'spec.type': CONDA_ENVIRONMENT_TYPE,
};

const environmentVersionsContent = EntityContentBlueprint.make({
  name: 'versions',
  params: {
    path: 'versions',
    title: 'Versions',
    filter: environmentFilter,
    loader: () =>
      import('./components/EnvironmentVersionsContent').then(m => (
        <m.EnvironmentVersionsContent />
      )),
  },
});

const environmentPackagesCard = EntityCardBlueprint.make({
  name: 'packages',
  params: {
    filter: environmentFilter,
    loader: () =>
      import('./components/EnvironmentPackagesCard').then(m => (
        <m.EnvironmentPackagesCard />
      )),
  },
});

const condaStoreBuildsCard = EntityCardBlueprint.make({
  name: 'conda-store-builds',
  params: {
    filter: entity =>
      isCondaEnvironmentEntity(entity) && isCondaStoreEnvironmentEntity(entity),
    loader: () =>
      import('./components/CondaStoreBuildsCard').then(m => (
        <m.CondaStoreBuildsCard />
      )),
  },
});

const projectEnvironmentCard = EntityCardBlueprint.make({
  name: 'project',
  params: {
    // Beside the About card: what the project runs in is part of what it is.
    type: 'info',
    filter: { kind: 'component', 'spec.type': DATA_SCIENCE_PROJECT_TYPE },
    loader: () =>
      import('./components/ProjectEnvironmentCard').then(m => (
        <m.ProjectEnvironmentCard />
      )),
  },
});

/**
 * The environments plugin: a Versions tab and an environment.yml card on curated
 * environments, a builds card on conda-store's (log, packages, compare), DevOps'
 * conda-store overview page, and an Environment card (drift, launch) on data-science projects. The
 * launch goes through the workspaces plugin's API (`workspacesApiRef`).
 *
 * @public
 */
export const environmentsPlugin = createFrontendPlugin({
  pluginId: 'environments',
  title: 'Environments',
  routes: { overview: condaStoreOverviewRouteRef },
  extensions: [
    condaStoreBuildsApi,
    condaStoreOverviewPage,
    environmentVersionsContent,
    environmentPackagesCard,
    condaStoreBuildsCard,
    projectEnvironmentCard,
  ],
});
