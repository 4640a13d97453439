/**
 * Budgets and quotas at workspace launch: a module of the `workspaces` plugin that asks
 * the `costs` plugin before every start (and for the launch dialog's preview), and
 * gives reserved quota back when a workspace stops.
 *
 * @packageDocumentation
 */
export { workspacesModuleCosts as default } from './module';
