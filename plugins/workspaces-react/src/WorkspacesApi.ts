import { createApiRef } from '@backstage/frontend-plugin-api';
import type { WorkspaceDiagnosis } from '@internal/plugin-platform-health-common';
import type {
  CreateWorkspaceRequest,
  LaunchPreview,
  ProfileResources,
  Workspace,
  WorkspaceEvent,
  WorkspaceProfile,
  WorkspaceProgressEvent,
  WorkspaceStatus,
} from '@internal/plugin-workspaces-common';

/** A profile the caller may launch, with what a workspace of it holds. @public */
export type AvailableProfile = WorkspaceProfile & {
  resources: ProfileResources;
};

/** Which workspaces to list. `scope: 'all'` is admin-only (403 otherwise). @public */
export interface WorkspaceListQuery {
  scope: 'mine' | 'all';
  /** Entity ref of a project (catalog Component). */
  project?: string;
  /** User entity ref of the owner. */
  owner?: string;
}

/** The columns a page of workspaces may be sorted by. @public */
export type WorkspaceSortField =
  | 'name'
  | 'owner'
  | 'profile'
  | 'project'
  | 'status'
  | 'lastActivity'
  | 'createdAt';

/**
 * One page of a workspaces list, filtered and sorted by the backend (tables of
 * thousands of workspaces). Text filters match case-insensitively anywhere. @public
 */
export interface WorkspacePageQuery extends WorkspaceListQuery {
  /** 0-based first row. */
  offset: number;
  /** Rows per page, at most 200. */
  limit: number;
  /** Default: by owner, then name. */
  sort?: WorkspaceSortField;
  order?: 'asc' | 'desc';
  statuses?: WorkspaceStatus[];
  /** Exact profile slug. */
  profile?: string;
  /** Text in the name, owner, profile or project. */
  search?: string;
  /** Text per column (the table's column filters). */
  contains?: Partial<Record<'name' | 'owner' | 'profile' | 'project', string>>;
}

/** @public */
export interface WorkspacePage {
  items: Workspace[];
  /** How many workspaces match, all pages together. */
  total: number;
}

/** @public */
export interface WorkspacesApi {
  listProfiles(): Promise<AvailableProfile[]>;
  /** The whole list (a person's or a project's few workspaces). */
  listWorkspaces(query: WorkspaceListQuery): Promise<Workspace[]>;
  /** One page of a list that may hold thousands (everyone's). */
  listWorkspacePage(query: WorkspacePageQuery): Promise<WorkspacePage>;
  getWorkspace(id: string): Promise<Workspace>;
  createWorkspace(request: CreateWorkspaceRequest): Promise<Workspace>;
  /** What a launch would cost and whether it would be refused, before it happens. */
  previewLaunch(request: {
    profile: string;
    options?: Record<string, string>;
    project?: string;
    name?: string;
  }): Promise<LaunchPreview>;
  startWorkspace(id: string): Promise<Workspace>;
  stopWorkspace(id: string): Promise<Workspace>;
  restartWorkspace(id: string): Promise<Workspace>;
  /**
   * Creates and starts a new workspace with exactly the profile, options, environment
   * and git commit of workspace `id` (named `<name>-repro-<n>`).
   */
  reproduceWorkspace(id: string): Promise<Workspace>;
  deleteWorkspace(id: string): Promise<void>;
  /**
   * Why a workspace fails: the hub's message, its pod (phase, conditions, containers,
   * events, log tail) and findings from the cluster, its kernels; what could not be
   * known is in `missing`. Its owner and admins only.
   */
  diagnoseWorkspace(id: string): Promise<WorkspaceDiagnosis>;
  /** The status history of a workspace, with reasons. */
  listEvents(id: string): Promise<WorkspaceEvent[]>;
  /**
   * Follows a starting workspace until it is ready or failed. Calls `onEvent` for each
   * progress event and resolves when the stream ends (or quietly when `signal` aborts).
   */
  streamProgress(
    id: string,
    onEvent: (event: WorkspaceProgressEvent) => void,
    signal?: AbortSignal,
  ): Promise<void>;
}

/** @public */
export const workspacesApiRef = createApiRef<WorkspacesApi>({
  id: 'plugin.workspaces.api',
});
