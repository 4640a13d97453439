export { condaStoreBuildsApiRef } from './CondaStoreBuildsApi';
export type { CondaStoreBuildsApi } from './CondaStoreBuildsApi';
export { CondaStoreBuildsClient } from './CondaStoreBuildsClient';
