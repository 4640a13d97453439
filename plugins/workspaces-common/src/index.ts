/**
 * Atrium workspaces: types, profiles and permissions shared by frontend and backend.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './profiles';
export * from './permissions';
