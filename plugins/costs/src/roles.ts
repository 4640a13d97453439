/**
 * The one place this plugin reaches into the roles plugin (as in the workspaces and
 * audit plugins): the role hook belongs in a `@internal/plugin-roles-react` package,
 * which does not exist yet. When it does, only this file changes.
 */
export { rolesApiRef, useMyRole } from '@internal/plugin-roles';
