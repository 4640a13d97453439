/**
 * The service other Atrium backend plugins use to learn a user's role.
 *
 * @packageDocumentation
 */
export { rolesServiceRef } from './rolesService';
export type { RolesService } from './rolesService';
export { RolesClient } from './RolesClient';
