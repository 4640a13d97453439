/**
 * Atrium roles in the frontend.
 *
 * @packageDocumentation
 */
export { rolesPlugin as default } from './plugin';
export { PeopleWithoutTeamHomeContent } from './homeContents';
