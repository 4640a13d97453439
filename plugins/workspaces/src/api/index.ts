export { workspacesApiRef } from './WorkspacesApi';
export type {
  AvailableProfile,
  WorkspaceListQuery,
  WorkspacesApi,
} from './WorkspacesApi';
export { WorkspacesClient } from './WorkspacesClient';
