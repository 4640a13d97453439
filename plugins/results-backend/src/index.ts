/**
 * Atrium results backend: publish, version, diff, share and review notebooks.
 *
 * @packageDocumentation
 */
export { resultsPlugin as default, DEFAULT_MAX_NOTEBOOK_BYTES } from './plugin';
export {
  resultConditions,
  createResultConditionalDecision,
  resultResourceRef,
} from './service/permissionRules';
