/**
 * Atrium workspaces: what other backend plugins plug in.
 *
 * @packageDocumentation
 */
export * from './driver';
export * from './admission';
