/**
 * Shared test helpers for Atrium's packages.
 *
 * @packageDocumentation
 */
export {
  storeTestDatabases,
  STORE_TEST_DATABASE_IDS,
  testPostgresConnection,
} from './databases';
export { startService, waitForUrl } from './services';
export { freePort, freePorts } from './freePorts.mjs';
export { LOADED_CI_MARGIN_MS } from './timing';
export type { StartedService, StartServiceOptions } from './services';
export {
  startJupyterHub,
  JUPYTERHUB_COMMAND,
  JUPYTERHUB_CONFIG,
} from './jupyterhub';
export type { StartedJupyterHub, StartJupyterHubOptions } from './jupyterhub';
export {
  startSlapd,
  SLAPD_COMMAND,
  DEMO_ORG_LDIF_FILE,
  DEMO_ORG_BASE_DN,
} from './slapd';
export type { StartedSlapd, StartSlapdOptions } from './slapd';
export { startOidcProvider, OIDC_PROVIDER_SCRIPT } from './oidc';
export type {
  StartedOidcProvider,
  StartOidcProviderOptions,
  OidcTestAccount,
  OidcTestClient,
} from './oidc';
export {
  startPrometheus,
  promtoolCheckConfig,
  PROMETHEUS_COMMAND,
  PROMTOOL_COMMAND,
  NODE_EXPORTER_COMMAND,
} from './prometheus';
export type {
  StartedPrometheus,
  StartPrometheusOptions,
  PrometheusScrapeJob,
} from './prometheus';
export * from './migrations';
export { overlappingSessions } from './usageInvariant';
export type { UsageSessionTimes } from './usageInvariant';
export { onBehalfOfAuthFactory } from './onBehalfOfAuth';
export { eventually, startTestCatalog } from './catalog';
export type { ServedEntity, TestCatalog } from './catalog';
