import type {
  EnvironmentUsage,
  ProfileResources,
  UsageSession,
  UsageSessionPage,
  Workspace,
  WorkspaceEvent,
  WorkspaceStatus,
} from '@internal/plugin-workspaces-common';
import type { StoredWorkspacePage, WorkspacePageQuery } from './workspacePage';

export type NewWorkspace = Pick<
  Workspace,
  | 'owner'
  | 'hubUser'
  | 'name'
  | 'profile'
  | 'options'
  | 'resources'
  | 'project'
  | 'environment'
  | 'gitCommit'
  | 'environmentBuild'
  | 'reproducedFrom'
>;

export interface WorkspacePatch {
  status?: WorkspaceStatus;
  /** null clears the reason. */
  statusReason?: string | null;
  url?: string | null;
  lastActivity?: string | null;
  startedAt?: string | null;
  lastSeenRunningAt?: string | null;
  profile?: string;
  options?: Record<string, string>;
  resources?: ProfileResources;
  ownerGroups?: string[];
  environment?: string;
  gitCommit?: string;
  environmentBuild?: number;
}

/** A workspace with the bookkeeping the service needs but the API does not show. */
export type StoredWorkspace = Workspace & {
  lastSeenRunningAt?: string;
  ownerGroups: string[];
};

export type NewUsageSession = Omit<
  UsageSession,
  'id' | 'endedAt' | 'endReason' | 'idleSeconds' | 'workspaceName'
>;

/** Where workspaces, their history and their usage sessions are kept. */
export interface WorkspacesStore {
  /** Throws ConflictError when the owner's hub user already has a server of that name. */
  createWorkspace(
    workspace: NewWorkspace,
    actor: string,
  ): Promise<StoredWorkspace>;
  getWorkspace(id: string): Promise<StoredWorkspace | undefined>;
  listWorkspaces(filter?: {
    owner?: string;
    project?: string;
    statuses?: WorkspaceStatus[];
  }): Promise<StoredWorkspace[]>;
  /** One page of a filtered, sorted list, and how many match (the UI's lists). */
  pageWorkspaces(query: WorkspacePageQuery): Promise<StoredWorkspacePage>;
  /**
   * Applies a patch; when it changes the status, records the change with its reason and
   * actor in the same transaction. `expectStatus` makes the update conditional (returns
   * undefined when the workspace is no longer in one of those statuses), so that two
   * replicas reconciling at once cannot both act on one change. A change to `starting`
   * is a launch: its event also records the profile, options, environment and git
   * commit the workspace has after the update (the launch history).
   */
  updateWorkspace(
    id: string,
    patch: WorkspacePatch,
    options?: {
      actor?: string;
      expectStatus?: WorkspaceStatus[];
      /**
       * Opens this usage session in the same transaction, if the update happened: only
       * the one caller that moved the workspace to running opens its session.
       */
      openSession?: NewUsageSession;
      /** The event's reason, when it is not the new status reason. */
      eventReason?: string;
      /**
       * No history event for this status change: a step the person does not need to see
       * (the brief "stopping" while the hub stops a server, undone if the hub refuses).
       */
      noEvent?: boolean;
    },
  ): Promise<StoredWorkspace | undefined>;
  /** Marks many running workspaces as seen running at `at` (one statement). */
  markSeenRunning(ids: string[], at: string): Promise<void>;
  deleteWorkspace(id: string): Promise<void>;
  listEvents(workspaceId: string): Promise<WorkspaceEvent[]>;
  /**
   * Per environment and conda-store build: who runs it now, which projects used it
   * since `since`, when it was last used (see environmentUsage.ts).
   */
  getEnvironmentUsage(since: string, now?: Date): Promise<EnvironmentUsage[]>;

  /** Opens a usage session unless one is open for the workspace already. */
  openUsageSession(session: NewUsageSession): Promise<void>;
  /** Closes the workspace's open usage session, if any. */
  closeUsageSession(
    workspaceId: string,
    endedAt: string,
    reason: string,
    /** The workspace's last activity, to record the idle time before the end. */
    lastActivity?: string,
  ): Promise<void>;
  listUsageSessions(filter?: {
    owner?: string;
    workspaceId?: string;
    open?: boolean;
  }): Promise<UsageSession[]>;
  /**
   * Sessions open now, or started or ended at or after `since`, ordered by id; `after`
   * pages on from the last id of the previous page. What metering copies.
   */
  listUsageSessionsChangedSince(options: {
    since: string;
    after?: string;
    limit: number;
  }): Promise<UsageSession[]>;
  /**
   * Sessions opened or closed at or after `updatedSince` (by the store's change time),
   * in change order; `after` is the previous page's `nextAfter`. What metering copies
   * incrementally: a session open for months is not read again until it closes.
   */
  listUsageSessionsUpdatedSince(options: {
    updatedSince: string;
    after?: string;
    limit: number;
  }): Promise<UsageSessionPage>;
}
