/**
 * Data sources in the catalog: validation, and Nebari's group shared folders.
 *
 * @packageDocumentation
 */
export { catalogModuleDataAccess as default } from './module';
export {
  DataSourceProcessor,
  readNebariSharedFolders,
  sharedFolderEntity,
  type NebariSharedFolders,
} from './DataSourceProcessor';
