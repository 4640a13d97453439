/**
 * Atrium results in Backstage search.
 *
 * @packageDocumentation
 */
export { searchModuleResultsCollator as default } from './module';
export { ResultsCollatorFactory } from './ResultsCollatorFactory';
