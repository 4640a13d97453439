/**
 * Small pieces Atrium's frontend plugins share.
 *
 * @packageDocumentation
 */
export { AsyncContent, couldNotLoad, type AsyncState } from './AsyncContent';
export { ConfirmDialog } from './ConfirmDialog';
export { downloadBlob } from './downloadBlob';
export { DownloadButton } from './DownloadButton';
export { errorMessage } from './errorMessage';
export { tableOptions } from './tableOptions';
export {
  CatalogSubjectPicker,
  CatalogSubjectsPicker,
  type CatalogSubject,
} from './CatalogSubjectPicker';
export { PluginFetcher, queryString } from './pluginFetch';
