/**
 * Atrium's local git store: bare repositories on the portal's machine, where the
 * scaffolder publishes projects (`atrium:publish:local`) and from which the catalog reads
 * them (the `atrium-git` location type). Shared by the scaffolder module and the catalog
 * module, so that neither imports the other.
 *
 * @packageDocumentation
 */
export {
  CATALOG_INFO_FILE,
  DEFAULT_BRANCH,
  DEFAULT_LOCAL_GIT_ROOT,
  LOCAL_GIT_LOCATION_TYPE,
  LocalGitRepositories,
  type CommitAuthor,
  type LocalRepository,
} from './LocalGitRepositories';
export {
  PROJECT_NAME_PATTERN,
  PROJECT_NAME_RULE,
  assertProjectName,
  pathProblem,
} from './projectNames';
