/**
 * The one place this plugin reaches into the roles plugin. Backstage's lint warns
 * about frontend plugins importing each other (no-mixed-plugin-imports): the role hook
 * belongs in a `@internal/plugin-roles-react` package, which does not exist yet. When
 * it does, only this file changes.
 */
export { RequireRole, rolesApiRef, useMyRole } from '@internal/plugin-roles';
