/**
 * Atrium workspaces in the frontend: launch, watch, open, stop and delete notebook
 * workspaces on JupyterHub.
 *
 * @packageDocumentation
 */
export { workspacesPlugin as default } from './plugin';
export { workspacesApiRef, WorkspacesClient } from './api';
export type {
  AvailableProfile,
  WorkspaceListQuery,
  WorkspacesApi,
} from './api';
export { MyWorkspacesHomeContent } from './components/home/MyWorkspacesHomeContent';
