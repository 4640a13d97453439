/**
 * Atrium roles in the frontend.
 *
 * @packageDocumentation
 */
export { rolesPlugin as default } from './plugin';
export { rolesApiRef, RolesClient } from './api';
export type { RolesApi } from './api';
export { useMyRole, RequireRole } from './components/RequireRole';
export { PeopleWithoutTeamHomeContent } from './components/home/PeopleWithoutTeamHomeContent';
