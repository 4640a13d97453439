/**
 * Roles of Atrium and the permissions of the roles plugin, shared by frontend and backend.
 *
 * @packageDocumentation
 */
export * from './roles';
export * from './permissions';
