import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { SearchResultListItemBlueprint } from '@backstage/plugin-search-react/alpha';
import AssessmentIcon from '@material-ui/icons/Assessment';
import { DATA_SCIENCE_PROJECT_TYPE } from '@internal/plugin-environments-common';
import { RESULTS_SEARCH_TYPE } from '@internal/plugin-results-common';
import { ResultsClient, resultsApiRef } from './api';

/** @public */
export const resultsRouteRef = createRouteRef();

const resultsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: resultsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ResultsClient({ discoveryApi, fetchApi }),
    }),
});

// Its title and icon make the "Results" sidebar item. The page routes its own
// sub-paths: /results/publish (?workspace=<id> preselects one) and /results/:id.
const resultsPage = PageBlueprint.make({
  params: {
    path: '/results',
    routeRef: resultsRouteRef,
    title: 'Results',
    icon: <AssessmentIcon />,
    loader: () =>
      import('./components/ResultsPage').then(m => <m.ResultsPage />),
  },
});

const projectResultsContent = EntityContentBlueprint.make({
  name: 'project',
  params: {
    path: 'results',
    title: 'Results',
    filter: { kind: 'component', 'spec.type': DATA_SCIENCE_PROJECT_TYPE },
    loader: () =>
      import('./components/EntityResultsContent').then(m => (
        <m.ProjectResultsContent />
      )),
  },
});

const groupResultsContent = EntityContentBlueprint.make({
  name: 'group',
  params: {
    path: 'results',
    title: 'Results',
    filter: { kind: 'group' },
    loader: () =>
      import('./components/EntityResultsContent').then(m => (
        <m.GroupResultsContent />
      )),
  },
});

const userResultsContent = EntityContentBlueprint.make({
  name: 'user',
  params: {
    path: 'results',
    title: 'Results',
    filter: { kind: 'user' },
    loader: () =>
      import('./components/EntityResultsContent').then(m => (
        <m.UserResultsContent />
      )),
  },
});

// Results found by Backstage search (the results search module indexes them; the
// search backend shows each hit only to those who may read it).
const resultSearchResultListItem = SearchResultListItemBlueprint.make({
  params: {
    icon: <AssessmentIcon />,
    predicate: result => result.type === RESULTS_SEARCH_TYPE,
    component: () =>
      import('./components/ResultSearchResultListItem').then(
        m => m.ResultSearchResultListItem as any,
      ),
  },
});

/**
 * The results plugin: the Results page (list, publish flow, a result's report,
 * versions, diffs, review, comments and sharing) and Results tabs on data-science
 * projects, groups and people.
 *
 * @public
 */
export const resultsPlugin = createFrontendPlugin({
  pluginId: 'results',
  title: 'Results',
  icon: <AssessmentIcon />,
  routes: { root: resultsRouteRef },
  extensions: [
    resultsApi,
    resultsPage,
    projectResultsContent,
    groupResultsContent,
    userResultsContent,
    resultSearchResultListItem,
  ],
});
