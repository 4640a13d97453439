/**
 * The one place this plugin reaches into the roles plugin (see the workspaces
 * plugin's roles.ts for why it is not a -react package yet).
 */
export { useMyRole } from '@internal/plugin-roles';
