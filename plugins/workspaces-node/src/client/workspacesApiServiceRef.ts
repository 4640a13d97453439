import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { WorkspacesClient, type WorkspacesApi } from './WorkspacesClient';

/**
 * The workspaces backend's API for other backend plugins (the scaffolder action,
 * costs metering). The default is a {@link WorkspacesClient} over HTTP.
 *
 * @public
 */
export const workspacesApiServiceRef = createServiceRef<WorkspacesApi>({
  id: 'atrium.workspaces.api',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { discovery: coreServices.discovery, auth: coreServices.auth },
      factory: ({ discovery, auth }) =>
        new WorkspacesClient({ discovery, auth }),
    }),
});
