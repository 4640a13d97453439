export { workspaceLauncherApiRef } from './WorkspaceLauncherApi';
export type {
  ProjectLaunchRequest,
  WorkspaceLauncherApi,
} from './WorkspaceLauncherApi';
export { WorkspaceLauncherClient } from './WorkspaceLauncherClient';
