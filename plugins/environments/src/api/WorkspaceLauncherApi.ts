import { createApiRef } from '@backstage/frontend-plugin-api';
import type { Workspace } from '@internal/plugin-workspaces-common';

/** What a project launch asks the workspaces backend for. @public */
export interface ProjectLaunchRequest {
  name: string;
  profile: string;
  project: string;
  environment?: string;
}

/**
 * The part of the workspaces API a project page needs: launch a workspace for the
 * project and follow it. A small client of its own, so that this plugin does not
 * import the workspaces frontend plugin.
 * @public
 */
export interface WorkspaceLauncherApi {
  /** The caller's workspaces of a project. */
  listProjectWorkspaces(project: string): Promise<Workspace[]>;
  /** Creates and starts a workspace (`POST /workspaces` starts it unless told not to). */
  launch(request: ProjectLaunchRequest): Promise<Workspace>;
  getWorkspace(id: string): Promise<Workspace>;
}

/** @public */
export const workspaceLauncherApiRef = createApiRef<WorkspaceLauncherApi>({
  id: 'plugin.environments.workspace-launcher',
});
