/**
 * Small pieces Atrium's frontend plugins share.
 *
 * @packageDocumentation
 */
export { AsyncContent, couldNotLoad, type AsyncState } from './AsyncContent';
