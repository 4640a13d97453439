import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import HistoryIcon from '@material-ui/icons/History';
import { AuditClient, auditApiRef } from './api';

/** @public */
export const auditRouteRef = createRouteRef();

const auditApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: auditApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AuditClient({ discoveryApi, fetchApi }),
    }),
});

const auditPage = PageBlueprint.make({
  params: {
    path: '/admin/audit',
    routeRef: auditRouteRef,
    title: 'Audit log',
    icon: <HistoryIcon />,
    loader: () =>
      import('./components/AuditLogPage').then(m => <m.AuditLogPage />),
  },
});

/**
 * The audit plugin: the admin page of the audit log at /admin/audit (browse, filter
 * and export what every plugin recorded).
 *
 * @public
 */
export const auditPlugin = createFrontendPlugin({
  pluginId: 'audit',
  title: 'Audit log',
  icon: <HistoryIcon />,
  routes: { root: auditRouteRef },
  extensions: [auditApi, auditPage],
});
