/**
 * Atrium platform health: types, annotations and permissions shared by frontend and
 * backend.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './annotations';
export * from './permissions';
export * from './wording';
export * from './diagnosis';
export * from './history';
