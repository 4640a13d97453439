import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import SecurityIcon from '@material-ui/icons/Security';
import { RolesClient, rolesApiRef } from '@internal/plugin-roles-react';

/** @public */
export const rolesRouteRef = createRouteRef();

const rolesApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: rolesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new RolesClient({ discoveryApi, fetchApi }),
    }),
});

const rolesPage = PageBlueprint.make({
  params: {
    path: '/admin/roles',
    routeRef: rolesRouteRef,
    title: 'Roles',
    icon: <SecurityIcon />,
    loader: () =>
      import('./components/RoleAssignmentsPage').then(m => (
        <m.RoleAssignmentsPage />
      )),
  },
});

/**
 * The roles plugin: the role API every Atrium page uses to show or hide what a role
 * may do, and the admin page of role assignments at /admin/roles.
 *
 * @public
 */
export const rolesPlugin = createFrontendPlugin({
  pluginId: 'roles',
  title: 'Roles',
  icon: <SecurityIcon />,
  routes: { root: rolesRouteRef },
  extensions: [rolesApi, rolesPage],
});
