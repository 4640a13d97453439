/**
 * conda-store builds at workspace launch: a module of the `workspaces` plugin that
 * checks a conda-store environment's build in conda-store and gives it to the hub as the
 * `atrium_environment` user option.
 *
 * @packageDocumentation
 */
export { workspacesModuleCondaStore as default } from './module';
export {
  ENVIRONMENT_USER_OPTION,
  type CondaStoreLaunchEnvironment,
} from './condaStoreBuild';
