export { resultsApiRef, type ResultsApi } from './ResultsApi';
export { ResultsClient } from './ResultsClient';
