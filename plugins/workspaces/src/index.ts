/**
 * Atrium workspaces in the frontend: launch, watch, open, stop and delete notebook
 * workspaces on JupyterHub.
 *
 * @packageDocumentation
 */
export { workspacesPlugin as default } from './plugin';
export { MyWorkspacesHomeContent } from './homeContents';
