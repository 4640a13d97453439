/**
 * The one place this plugin reaches into the roles plugin (as in the workspaces
 * plugin): the role gate belongs in a `@internal/plugin-roles-react` package, which does
 * not exist yet. When it does, only this file changes.
 */
export { RequireRole, rolesApiRef } from '@internal/plugin-roles';
