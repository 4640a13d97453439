import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { ResultsClient, type ResultsApi } from './ResultsClient';

/**
 * The results backend's API for other backend plugins (the search collator). The
 * default is a {@link ResultsClient} over HTTP.
 *
 * @public
 */
export const resultsApiServiceRef = createServiceRef<ResultsApi>({
  id: 'atrium.results.api',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { discovery: coreServices.discovery, auth: coreServices.auth },
      factory: ({ discovery, auth }) => new ResultsClient({ discovery, auth }),
    }),
});
