/**
 * The one frontend client of the workspaces API, for every Atrium frontend plugin that
 * lists, launches or follows workspaces (as upstream's `*-react` packages, so that no
 * frontend plugin imports another). The API extension that provides `workspacesApiRef`
 * is in the workspaces frontend plugin (`plugins/workspaces`).
 *
 * @packageDocumentation
 */
export { workspacesApiRef } from './WorkspacesApi';
export type {
  AvailableProfile,
  WorkspaceListQuery,
  WorkspacePage,
  WorkspacePageQuery,
  WorkspaceSortField,
  WorkspacesApi,
} from './WorkspacesApi';
export { WorkspacesClient } from './WorkspacesClient';
