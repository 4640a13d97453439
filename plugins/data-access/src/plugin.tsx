import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import LockOpenIcon from '@material-ui/icons/LockOpen';
import { isDataSourceEntity } from '@internal/plugin-data-access-common';
import { DataAccessClient, dataAccessApiRef } from './api';

/** @public */
export const dataAccessRouteRef = createRouteRef();

const dataAccessApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: dataAccessApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DataAccessClient({ discoveryApi, fetchApi }),
    }),
});

// Its title and icon make the "Data access" sidebar item, shown to everyone: knowing
// which data exists and who holds it is what lets a person ask for it.
const accessPage = PageBlueprint.make({
  params: {
    path: '/data-access',
    routeRef: dataAccessRouteRef,
    title: 'Data access',
    icon: <LockOpenIcon />,
    loader: () => import('./components/AccessPage').then(m => <m.AccessPage />),
  },
});

const dataSourceAccessContent = EntityContentBlueprint.make({
  name: 'data-source',
  params: {
    path: 'access',
    title: 'Access',
    filter: isDataSourceEntity,
    loader: () =>
      import('./components/EntityDataAccessContent').then(m => (
        <m.EntityDataAccessContent />
      )),
  },
});

/**
 * The data-access plugin: the Access page (data sources × groups, grants, requests to
 * decide, and for admins data held without access and who could access what when) and
 * the Access tab of data sources (facts, grants, request access, decide requests).
 *
 * @public
 */
export const dataAccessPlugin = createFrontendPlugin({
  pluginId: 'data-access',
  title: 'Data access',
  icon: <LockOpenIcon />,
  routes: { root: dataAccessRouteRef },
  extensions: [dataAccessApi, accessPage, dataSourceAccessContent],
});
