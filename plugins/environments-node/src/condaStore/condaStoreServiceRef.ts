import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import { CondaStoreClient } from './CondaStoreClient';
import type { CondaStoreApi } from './types';

/**
 * The conda-store client from `environments.condaStore.url` and `.token`, or undefined
 * when conda-store is not configured (a site with curated YAML environments only).
 * @public
 */
export function condaStoreClientFromConfig(
  config: Config,
): CondaStoreClient | undefined {
  const condaStore = config.getOptionalConfig('environments.condaStore');
  if (!condaStore) return undefined;
  return new CondaStoreClient({
    url: condaStore.getString('url'),
    token: condaStore.getString('token'),
    pageSize: condaStore.getOptionalNumber('pageSize'),
  });
}

const notConfigured = () =>
  Promise.reject(
    new ServiceUnavailableError(
      'conda-store is not configured: set environments.condaStore.url and environments.condaStore.token',
    ),
  );

/**
 * conda-store's API for backend plugins; every call fails with a ServiceUnavailableError
 * saying what to configure when `environments.condaStore` is not set.
 * @public
 */
export const condaStoreServiceRef = createServiceRef<CondaStoreApi>({
  id: 'atrium.environments.condaStore',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig },
      factory: ({ config }) =>
        condaStoreClientFromConfig(config) ??
        ({
          url: '',
          whoami: notConfigured,
          listNamespaces: notConfigured,
          listEnvironments: notConfigured,
          getEnvironment: notConfigured,
          walkBuilds: notConfigured,
          getBuild: notConfigured,
          getBuildPackages: notConfigured,
          getBuildLog: notConfigured,
          getBuildLockfile: notConfigured,
          getUsage: notConfigured,
          submitSpecification: notConfigured,
        } satisfies CondaStoreApi),
    }),
});
