/**
 * Atrium environments backend: conda-store build logs, packages, build diffs and the
 * DevOps overview.
 *
 * @packageDocumentation
 */
export { environmentsPlugin as default } from './plugin';
