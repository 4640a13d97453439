/**
 * Atrium environments for backend plugins: the conda-store client and its service ref.
 *
 * @packageDocumentation
 */
export { CondaStoreClient } from './condaStore/CondaStoreClient';
export type { CondaStoreClientOptions } from './condaStore/CondaStoreClient';
export {
  condaStoreClientFromConfig,
  condaStoreServiceRef,
} from './condaStore/condaStoreServiceRef';
export type * from './condaStore/types';
export {
  readCondaStoreOwnerRules,
  type CondaStoreOwnerRules,
} from './condaStore/ownerRules';
