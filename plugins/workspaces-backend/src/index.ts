/**
 * Atrium workspaces backend.
 *
 * @packageDocumentation
 */
export { workspacesPlugin as default } from './plugin';
export { JupyterHubDriver } from './service/JupyterHubDriver';
