import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { DataAccessApi } from './DataAccessApi';
import { DataAccessClient } from './DataAccessClient';

/**
 * The data-access backend's API for other backend plugins (the workspaces launch
 * contributor). The default is a {@link DataAccessClient} over HTTP.
 *
 * @public
 */
export const dataAccessApiServiceRef = createServiceRef<DataAccessApi>({
  id: 'atrium.data-access.api',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { discovery: coreServices.discovery, auth: coreServices.auth },
      factory: ({ discovery, auth }) => new DataAccessClient({ discovery, auth }),
    }),
});
