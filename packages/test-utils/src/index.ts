/**
 * Shared test helpers for Atrium's packages.
 *
 * @packageDocumentation
 */
export { storeTestDatabases, STORE_TEST_DATABASE_IDS } from './databases';
export { startService, waitForUrl } from './services';
export type { StartedService, StartServiceOptions } from './services';
export {
  startJupyterHub,
  JUPYTERHUB_COMMAND,
  JUPYTERHUB_CONFIG,
} from './jupyterhub';
export type { StartedJupyterHub, StartJupyterHubOptions } from './jupyterhub';
