/**
 * Atrium results in the frontend: notebooks published from workspaces, rendered as
 * reports, versioned, compared cell by cell, reviewed, commented on and shared.
 *
 * @packageDocumentation
 */
export { resultsPlugin as default } from './plugin';
export { resultsApiRef, ResultsClient, type ResultsApi } from './api';
export { NotebookView, type NotebookMode } from './components/notebook';
