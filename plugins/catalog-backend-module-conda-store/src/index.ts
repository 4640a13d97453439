/**
 * A catalog entity provider for conda-store (Nebari's environment service).
 *
 * @packageDocumentation
 */
import { catalogModuleCondaStore } from './module';

export { CondaStoreEntityProvider } from './CondaStoreEntityProvider';
export type { CondaStoreSyncReport } from './CondaStoreEntityProvider';
export {
  condaStoreEnvironmentEntity,
  condaStoreEnvironmentName,
} from './condaStoreEntity';
export { catalogModuleCondaStore };
export default catalogModuleCondaStore;
