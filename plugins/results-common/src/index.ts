/**
 * Atrium results: the types, API contract, permissions and notebook diff shared by the
 * results frontend and backend.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './api';
export * from './permissions';
export * from './notebookDiff';
export * from './search';
export { alignKeys, similarity, hashString } from './sequenceAlign';
