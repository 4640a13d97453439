export { rolesApiRef } from './RolesApi';
export type { RolesApi } from './RolesApi';
export { RolesClient } from './RolesClient';
