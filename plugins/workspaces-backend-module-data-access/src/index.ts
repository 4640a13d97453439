/**
 * Data at workspace launch: a module of the `workspaces` plugin that asks the
 * `data-access` plugin which data a start receives (signed for the hub-side hook), what
 * the launch dialog shows, and ends the launch record when the workspace stops.
 *
 * @packageDocumentation
 */
export { workspacesModuleDataAccess as default } from './module';
