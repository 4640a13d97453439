import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import ComputerIcon from '@material-ui/icons/Computer';
import {
  WorkspacesClient,
  workspacesApiRef,
} from '@internal/plugin-workspaces-react';
import { DATA_SCIENCE_PROJECT_TYPE } from '@internal/plugin-environments-common';

/** @public */
export const workspacesRouteRef = createRouteRef();

const workspacesApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: workspacesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new WorkspacesClient({ discoveryApi, fetchApi }),
    }),
});

const workspacesPage = PageBlueprint.make({
  params: {
    path: '/workspaces',
    routeRef: workspacesRouteRef,
    title: 'Workspaces',
    icon: <ComputerIcon />,
    loader: () =>
      import('./components/WorkspacesPage').then(m => <m.WorkspacesPage />),
  },
});

// Predicate objects rather than the deprecated "kind:component,spec.type:..." strings.
const projectWorkspacesContent = EntityContentBlueprint.make({
  name: 'project',
  params: {
    path: 'workspaces',
    title: 'Workspaces',
    filter: { kind: 'component', 'spec.type': DATA_SCIENCE_PROJECT_TYPE },
    loader: () =>
      import('./components/ProjectWorkspacesContent').then(m => (
        <m.ProjectWorkspacesContent />
      )),
  },
});

const groupWorkspacesContent = EntityContentBlueprint.make({
  name: 'group',
  params: {
    path: 'workspaces',
    title: 'Workspaces',
    filter: { kind: 'group' },
    loader: () =>
      import('./components/GroupWorkspacesContent').then(m => (
        <m.GroupWorkspacesContent />
      )),
  },
});

/**
 * The workspaces plugin: the Workspaces page (launch, watch, open, stop, delete
 * JupyterHub notebook workspaces) and Workspaces tabs on data-science projects and groups.
 *
 * @public
 */
export const workspacesPlugin = createFrontendPlugin({
  pluginId: 'workspaces',
  title: 'Workspaces',
  icon: <ComputerIcon />,
  routes: { root: workspacesRouteRef },
  extensions: [
    workspacesApi,
    workspacesPage,
    projectWorkspacesContent,
    groupWorkspacesContent,
  ],
});
