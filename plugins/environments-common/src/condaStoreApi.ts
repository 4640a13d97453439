/*
 * What the environments backend answers about conda-store builds (`/api/environments`),
 * shared by the backend and the frontend's client.
 */
import type { EnvironmentDiff } from './types';

/** `GET /conda-store/builds/:id/log?format=json`. @public */
export interface CondaStoreBuildLog {
  buildId: number;
  /** The log, or its last `maxBytes` when `truncated`. */
  log: string;
  truncated: boolean;
  /** The log's whole size in bytes (UTF-8). */
  sizeBytes: number;
  /** The solver's message picked out of the whole log, when the log holds one. */
  solverMessage?: string;
}

/** One resolved package of a build (`GET /conda-store/builds/:id/packages`). @public */
export interface CondaStoreBuildPackage {
  name: string;
  version: string;
  channel: string;
  license?: string;
  summary?: string;
}

/** `GET /conda-store/builds/:a/diff/:b`: what changes from build `a` to build `b`. @public */
export interface CondaStoreBuildDiff {
  from: number;
  to: number;
  diff: EnvironmentDiff;
}

/** One namespace's share of conda-store (`GET /conda-store/overview`). @public */
export interface CondaStoreNamespaceUsage {
  namespace: string;
  environments: number;
  builds: number;
  failedBuilds: number;
  /** Bytes on disk of its builds, as conda-store's `/api/v1/usage/` reports them. */
  storageBytes: number;
}

/** A failed build in the overview, newest first. @public */
export interface CondaStoreFailedBuild {
  id: number;
  namespace: string;
  environment: string;
  scheduledOn: string;
  endedOn?: string;
}

/** An environment nothing rebuilt within the overview's window. @public */
export interface CondaStoreIdleEnvironment {
  namespace: string;
  environment: string;
  currentBuildId: number;
  /** When its newest completed build ended, when conda-store says and before the window. */
  lastBuiltOn?: string;
}

/**
 * Whether the workspaces backend told which environments workspaces used; when not,
 * `reason` says why (usage is then unknown, never guessed). @public
 */
export interface CondaStoreWorkspaceUsageKnown {
  known: boolean;
  reason?: string;
}

/** Who uses one conda-store build, for everyone who reads builds. @public */
export interface CondaStoreBuildUsage {
  buildId: number;
  /** Workspaces starting, running or stopping on it now. */
  runningWorkspaces: number;
  /** Projects whose workspaces ran it in the last 90 days or run it now. */
  projects: string[];
  /** The last time a workspace used it in that window: now when one runs it. */
  lastUsedAt?: string;
}

/** `GET /conda-store/build-usage?builds=`: the builds asked, in that order. @public */
export interface CondaStoreBuildUsageList {
  workspaceUsage: CondaStoreWorkspaceUsageKnown;
  items: CondaStoreBuildUsage[];
}

/** A build workspaces used in the overview's window, with the workspaces on it now (DevOps). @public */
export interface CondaStoreBuildInUse {
  buildId: number;
  namespace: string;
  environment: string;
  running: { id: string; owner: string; name: string; project?: string }[];
  projects: string[];
  lastUsedAt: string;
}

/** `GET /conda-store/overview`: conda-store's sprawl for DevOps. @public */
export interface CondaStoreOverview {
  url: string;
  generatedAt: string;
  /** The window of "idle", in days (90). */
  idleDays: number;
  namespaces: CondaStoreNamespaceUsage[];
  /** The newest failed builds (at most 100). */
  failedBuilds: CondaStoreFailedBuild[];
  /**
   * Environments no workspace used in the last `idleDays` days; when workspace usage
   * is not known, those with no completed build in that window.
   */
  idleEnvironments: CondaStoreIdleEnvironment[];
  /** Builds workspaces used in the window, most recently used first (empty when not known). */
  buildsInUse: CondaStoreBuildInUse[];
  /**
   * Whether the idle list knows which environments workspaces used; when not,
   * `reason` says why and the list is by build dates only.
   */
  workspaceUsage: CondaStoreWorkspaceUsageKnown;
}
