/**
 * Atrium's catalog module for the local git store: the `atrium-git` location type,
 * whose targets are repositories the scaffolder published on the portal's machine.
 *
 * @packageDocumentation
 */
export { catalogModuleAtriumLocalGit as default } from './module';
