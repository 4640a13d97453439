/**
 * Atrium data access in the frontend: the Access page and the Access tab of data
 * sources.
 *
 * @packageDocumentation
 */
export { dataAccessPlugin as default } from './plugin';
export {
  dataAccessApiRef,
  DataAccessClient,
  type AccessMatrixQuery,
  type DataAccessApi,
  type RequestsQuery,
} from './api';
