/**
 * Atrium data access: the client other backend plugins call the data-access backend
 * with.
 *
 * @packageDocumentation
 */
export * from './client/DataAccessApi';
export { DataAccessClient } from './client/DataAccessClient';
export { dataAccessApiServiceRef } from './client/dataAccessApiServiceRef';
