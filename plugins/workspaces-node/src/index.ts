/**
 * Atrium workspaces: what other backend plugins plug in, and the one client they call
 * the workspaces backend with.
 *
 * @packageDocumentation
 */
export * from './driver';
export * from './admission';
export * from './launchContributors';
export { readProfiles } from './profiles';
export {
  WorkspacesClient,
  type UsageSessionsQuery,
  type WorkspacesApi,
  type WorkspacesRequestOptions,
} from './client/WorkspacesClient';
export { workspacesApiServiceRef } from './client/workspacesApiServiceRef';
