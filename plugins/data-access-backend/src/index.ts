/**
 * Atrium data access backend: data sources from the catalog, grants by group with their
 * history, access requests and approvals, what each workspace launch receives, and
 * revocation of running workspaces.
 *
 * @packageDocumentation
 */
export { DatabaseDataAccessStore } from './database/DatabaseDataAccessStore';
export type { DataAccessStore, ResolvedGrant } from './database/DataAccessStore';
