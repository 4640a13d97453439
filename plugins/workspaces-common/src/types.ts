/**
 * A choice inside a profile option, KubeSpawner/Nebari format.
 * @public
 */
export interface ProfileOptionChoice {
  display_name: string;
  default?: boolean;
  kubespawner_override?: KubespawnerOverride;
}

/**
 * KubeSpawner's free-form value for a profile option: the user sends it as
 * `<option>--unlisted-choice`, and `{value}` in the overrides is replaced by it.
 * @public
 */
export interface ProfileOptionUnlistedChoice {
  enabled?: boolean;
  display_name?: string;
  display_name_in_choices?: string;
  /** A Python regular expression the value must match from its start. */
  validation_regex?: string;
  validation_message?: string;
  kubespawner_override?: KubespawnerOverride;
}

/** @public */
export interface ProfileOption {
  display_name: string;
  /** Empty when the option only takes an unlisted (free-form) value. */
  choices: Record<string, ProfileOptionChoice>;
  unlisted_choice?: ProfileOptionUnlistedChoice;
}

/**
 * The part of KubeSpawner's overrides Atrium reads (everything else is passed through
 * to the hub untouched, as the hub's own profile list decides the pod spec).
 * @public
 */
export interface KubespawnerOverride {
  cpu_limit?: number;
  cpu_guarantee?: number;
  /** KubeSpawner byte strings ("8G", "16Gi", "512M") or a number of bytes. */
  mem_limit?: string | number;
  mem_guarantee?: string | number;
  image?: string;
  extra_resource_limits?: Record<string, string | number>;
  extra_resource_guarantees?: Record<string, string | number>;
  [key: string]: unknown;
}

/**
 * A workspace profile in the shape of Nebari's `profiles.jupyterlab` entries, so an
 * existing Nebari config can be pasted into `workspaces.profiles`.
 * @public
 */
export interface WorkspaceProfile {
  display_name: string;
  description?: string;
  /** KubeSpawner's: the configured one, or derived from display_name as KubeSpawner does. */
  slug: string;
  default?: boolean;
  /** Nebari: `all` (default), `yaml` (only `users` and `groups` below) or `keycloak`. */
  access?: 'all' | 'yaml' | 'keycloak';
  /** User names (catalog User names) allowed when access is `yaml`. */
  users?: string[];
  /** Group names (catalog Group names) allowed when access is `yaml`. */
  groups?: string[];
  kubespawner_override?: KubespawnerOverride;
  profile_options?: Record<string, ProfileOption>;
}

/** What a workspace holds while it runs: what quotas and prices count. @public */
export interface ProfileResources {
  /** CPU cores (the limit; the guarantee when no limit is given). */
  cpu: number;
  /** Memory in GiB (the limit; the guarantee when no limit is given). */
  memoryGiB: number;
  /** GPUs (`nvidia.com/gpu` or any `*gpu*` extra resource limit). */
  gpu: number;
  gpuType?: string;
  image?: string;
}

/** @public */
export type WorkspaceStatus =
  | 'stopped'
  | 'starting'
  | 'running'
  | 'stopping'
  | 'failed';

/** @public */
export interface Workspace {
  id: string;
  /** The owner's user entity ref. */
  owner: string;
  /** The JupyterHub user and named server that back this workspace. */
  hubUser: string;
  name: string;
  profile: string;
  /** The chosen profile options (`{ image: 'gpu' }`). */
  options: Record<string, string>;
  /** The resources of the profile and options, as of the last start. */
  resources: ProfileResources;
  /** An entity ref of the project (a catalog Component), if launched for one. */
  project?: string;
  /** An entity ref of the environment (a catalog Resource of type conda-environment). */
  environment?: string;
  /**
   * When the environment is a conda-store environment: the id of the conda-store build
   * the workspace runs (its current build at the first launch; a reproduction's is the
   * one it reproduces).
   */
  environmentBuild?: number;
  /**
   * The project's git commit the workspace was launched at: given when it was created
   * (a reproduction), or resolved from the project's `atrium.io/git-repository` at its
   * first launch.
   */
  gitCommit?: string;
  /** The id of the workspace this one reproduces (same profile, options, environment, commit). */
  reproducedFrom?: string;
  status: WorkspaceStatus;
  /** Why the workspace is in its status, for people ("stopped after 47 min idle"). */
  statusReason?: string;
  /** Where the notebook opens (through the hub's proxy), while running. */
  url?: string;
  lastActivity?: string;
  startedAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** One state change of a workspace, kept for history and audit. @public */
export interface WorkspaceEvent {
  workspaceId: string;
  at: string;
  status: WorkspaceStatus;
  reason?: string;
  actor?: string;
  /** On launches (status `starting`): the profile and options started. */
  profile?: string;
  options?: Record<string, string>;
  /** On launches: the environment entity ref and the project's git commit. */
  environment?: string;
  gitCommit?: string;
  /** On launches of a conda-store environment: the build id. */
  environmentBuild?: number;
}

/** A period during which a workspace ran: what the cost work prices. @public */
export interface UsageSession {
  id: string;
  workspaceId: string;
  owner: string;
  groups: string[];
  project?: string;
  profile: string;
  cpu: number;
  memoryGiB: number;
  gpu: number;
  gpuType?: string;
  startedAt: string;
  endedAt?: string;
  endReason?: string;
  /** Seconds between the workspace's last activity and the end of the session, when known. */
  idleSeconds?: number;
  /** The workspace's name, while the workspace exists. */
  workspaceName?: string;
}

/** A page of `GET /usage-sessions` (service-to-service: what the costs plugin meters). @public */
export interface UsageSessionPage {
  items: UsageSession[];
  /** Pass as `after` for the next page; absent on the last page. */
  nextAfter?: string;
}

/** What the launch dialog shows before a start: `POST /launch-preview`. @public */
export interface LaunchPreview {
  profile: string;
  resources: ProfileResources;
  /** From every admission check that previews (costs: estimate, budget, quotas). */
  facts: Array<{
    check: string;
    label: string;
    value: string;
    tone?: 'info' | 'warning' | 'error';
  }>;
  /** Set when a start would be refused now, with the reason it would get. */
  refusal?: string;
}

/** A progress event streamed while a workspace starts (from the hub's progress API). @public */
export interface WorkspaceProgressEvent {
  progress: number;
  message?: string;
  ready?: boolean;
  failed?: boolean;
  url?: string;
}

/** The body of `POST /workspaces`. @public */
export interface CreateWorkspaceRequest {
  name: string;
  profile: string;
  options?: Record<string, string>;
  project?: string;
  environment?: string;
  /**
   * The project's git commit to launch at (full hex sha). Without it, a project with an
   * `atrium.io/git-repository` annotation is launched at that repository's HEAD.
   */
  gitCommit?: string;
  /**
   * The conda-store build of the environment to launch with (a reproduction's). Without
   * it, a conda-store environment is launched with its current build.
   */
  environmentBuild?: number;
  /** Start right away (default true). */
  start?: boolean;
}

/** A workspace that runs an environment now (`GET /environment-usage`). @public */
export interface EnvironmentUsageWorkspace {
  id: string;
  owner: string;
  project?: string;
  name: string;
}

/**
 * How workspaces used one environment, and for a conda-store environment one build of
 * it (`GET /environment-usage`, service-only: the environments plugin). @public
 */
export interface EnvironmentUsage {
  /** The environment's entity ref. */
  environment: string;
  /** The conda-store build id; absent for curated environments. */
  environmentBuild?: number;
  /** Workspaces starting, running or stopping on it now. */
  running: EnvironmentUsageWorkspace[];
  /** Projects whose workspaces launched or ran it since `since`, or run it now. */
  projects: string[];
  /** The last time a workspace used it: now when one runs it. */
  lastUsedAt: string;
}

/** The answer of `GET /environment-usage`. @public */
export interface EnvironmentUsageReport {
  since: string;
  items: EnvironmentUsage[];
}
