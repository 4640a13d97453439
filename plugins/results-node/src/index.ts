/**
 * Atrium results for other backend plugins: the results backend's service-to-service
 * API and its service ref.
 *
 * @packageDocumentation
 */
export { ResultsClient } from './client/ResultsClient';
export type { ResultsApi, ResultsRequestOptions } from './client/ResultsClient';
export { resultsApiServiceRef } from './client/resultsApiServiceRef';
