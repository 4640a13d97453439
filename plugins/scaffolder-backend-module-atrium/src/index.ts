/**
 * Atrium's scaffolder actions (`atrium:project:validate`, `atrium:environment:resolve`,
 * `atrium:publish:local`, `atrium:catalog:register`, `atrium:workspace:launch`) and the
 * catalog module that reads projects published to the local git store.
 *
 * @packageDocumentation
 */
export { scaffolderModuleAtrium as default } from './module';
export { catalogModuleAtriumLocalGit } from './catalog/module';
export {
  LOCAL_GIT_LOCATION_TYPE,
  LocalGitLocationProcessor,
} from './catalog/LocalGitLocationProcessor';
export { LocalGitRepositories } from './localGit/LocalGitRepositories';
export type { LocalRepository } from './localGit/LocalGitRepositories';
