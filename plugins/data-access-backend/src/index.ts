/**
 * Atrium data access backend: data sources from the catalog, grants by group with their
 * history, access requests and approvals, what each workspace launch receives, and
 * revocation of running workspaces.
 *
 * @packageDocumentation
 */
export { dataAccessPlugin as default } from './plugin';
export { DatabaseDataAccessStore } from './database/DatabaseDataAccessStore';
export type { DataAccessStore, ResolvedGrant } from './database/DataAccessStore';
export {
  createDataSourceConditionalDecision,
  dataSourceConditions,
  dataSourceResourceRef,
} from './service/permissionRules';
