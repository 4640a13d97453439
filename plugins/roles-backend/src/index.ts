/**
 * The roles backend plugin: keeps Atrium's role assignments and tells users their role.
 *
 * @packageDocumentation
 */
export { rolesPlugin as default } from './plugin';
