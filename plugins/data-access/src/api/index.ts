export {
  dataAccessApiRef,
  type AccessMatrixQuery,
  type DataAccessApi,
  type RequestsQuery,
} from './DataAccessApi';
export { DataAccessClient } from './DataAccessClient';
