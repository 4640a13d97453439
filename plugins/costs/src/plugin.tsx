import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import MoneyIcon from '@material-ui/icons/AttachMoney';
import { CostsClient, costsApiRef } from './api';
import { DATA_SCIENCE_PROJECT_TYPE } from '@internal/plugin-environments-common';

/** @public */
export const costsRouteRef = createRouteRef();

const costsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: costsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CostsClient({ discoveryApi, fetchApi }),
    }),
});

// The page's title and icon make its "Costs" sidebar item, shown to everyone: the page
// adapts to the role.
const costsPage = PageBlueprint.make({
  params: {
    path: '/costs',
    routeRef: costsRouteRef,
    title: 'Costs',
    icon: <MoneyIcon />,
    loader: () => import('./components/CostsPage').then(m => <m.CostsPage />),
  },
});

const groupCostsContent = EntityContentBlueprint.make({
  name: 'group',
  params: {
    path: 'costs',
    title: 'Costs',
    filter: { kind: 'group' },
    loader: () =>
      import('./components/EntityCostsContent').then(m => (
        <m.GroupCostsContent />
      )),
  },
});

const projectCostsContent = EntityContentBlueprint.make({
  name: 'project',
  params: {
    path: 'costs',
    title: 'Costs',
    filter: { kind: 'component', 'spec.type': DATA_SCIENCE_PROJECT_TYPE },
    loader: () =>
      import('./components/EntityCostsContent').then(m => (
        <m.ProjectCostsContent />
      )),
  },
});

/**
 * The costs plugin: the Costs page (everyone's costs, budgets, quotas, idle waste and
 * cloud bills for admins; one's own usage for everyone) and Costs tabs on groups and
 * data-science projects.
 *
 * @public
 */
export const costsPlugin = createFrontendPlugin({
  pluginId: 'costs',
  title: 'Costs',
  icon: <MoneyIcon />,
  routes: { root: costsRouteRef },
  extensions: [costsApi, costsPage, groupCostsContent, projectCostsContent],
});
