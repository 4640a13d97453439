import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type {
  CreateWorkspaceRequest,
  LaunchPreview,
  ProfileResources,
  WorkspaceProfile,
  WorkspaceProgressEvent,
} from '@internal/plugin-workspaces-common';
import type {
  LaunchAdmissionCheck,
  LaunchContributor,
  WorkspaceDriver,
} from '@internal/plugin-workspaces-node';
import type {
  StoredWorkspace,
  WorkspacesStore,
} from '../database/WorkspacesStore';
import type { WorkspacePageQuery } from '../database/workspacePage';
import { AdmissionChecks } from './AdmissionChecks';
import type { Caller } from './caller';
import type { GitReadPolicy } from './gitCommit';
import type { IdlePolicy } from './idlePolicies';
import { IdleCuller } from './IdleCuller';
import { Launcher } from './Launcher';
import { ProfileChooser } from './ProfileChooser';
import { ProgressWatcher } from './ProgressWatcher';
import type { EnvironmentLookup } from './environmentBuild';
import type { ProjectAccess } from './projectAccess';
import { StatusRecorder } from './StatusRecorder';
import { WorkspaceReconciler } from './WorkspaceReconciler';
import { WorkspaceStopper } from './WorkspaceStopper';

export type { Caller } from './caller';

/**
 * What the routes do with workspaces, put together from the parts that each do one
 * job (launching, stopping, waiting for progress), and the two scheduled tasks
 * (`reconciler`, `idleCuller`) that `plugin.ts` schedules. The hub is the truth for
 * what runs; the store keeps records, history and usage sessions.
 */
export class WorkspacesService {
  /** Repairs the records from what the hub runs (a scheduled task). */
  readonly reconciler: WorkspaceReconciler;
  /** Stops idle and too old workspaces (a scheduled task). */
  readonly idleCuller: IdleCuller;
  private readonly store: WorkspacesStore;
  private readonly profiles: ProfileChooser;
  private readonly launcher: Launcher;
  private readonly stopper: WorkspaceStopper;
  private readonly watcher: ProgressWatcher;

  constructor(options: {
    store: WorkspacesStore;
    driver: WorkspaceDriver;
    profiles: WorkspaceProfile[];
    idlePolicies: IdlePolicy[];
    admissionChecks: LaunchAdmissionCheck[];
    /** What other plugins add to every spawn (data mounts) and to the launch dialog. */
    launchContributors?: LaunchContributor[];
    logger: LoggerService;
    /**
     * Checks that the caller may launch for a project and reads its environment and
     * git repository; without it, projects are taken as given (tests).
     */
    projectAccess?: ProjectAccess;
    /** Reads environment entities (a conda-store environment launches with a build). */
    environmentLookup?: EnvironmentLookup;
    /** Which repositories `git ls-remote` may read (default: none). */
    gitReadPolicy?: GitReadPolicy;
    /** How long `git ls-remote` may take at a launch (default 10 s). */
    gitTimeoutMs?: number;
    /** For tests: the clock. */
    now?: () => Date;
  }) {
    const { store, driver, logger } = options;
    const now = options.now ?? (() => new Date());
    const admission = new AdmissionChecks(
      options.admissionChecks,
      logger,
      options.launchContributors,
    );
    const recorder = new StatusRecorder({ store, driver, admission, now });
    this.store = store;
    this.profiles = new ProfileChooser(options.profiles);
    this.watcher = new ProgressWatcher({ store, driver, recorder, logger });
    this.stopper = new WorkspaceStopper({ store, driver, admission, now });
    this.launcher = new Launcher({
      store,
      driver,
      profiles: this.profiles,
      admission,
      recorder,
      progress: this.watcher,
      stopper: this.stopper,
      logger,
      projectAccess: options.projectAccess,
      environmentLookup: options.environmentLookup,
      gitReadPolicy: options.gitReadPolicy,
      gitTimeoutMs: options.gitTimeoutMs,
    });
    this.reconciler = new WorkspaceReconciler({
      store,
      driver,
      recorder,
      admission,
      logger,
      now,
    });
    this.idleCuller = new IdleCuller({
      store,
      driver,
      stopper: this.stopper,
      idlePolicies: options.idlePolicies,
      logger,
      now,
    });
  }

  profilesFor(
    caller: Caller,
  ): (WorkspaceProfile & { resources: ProfileResources })[] {
    return this.profiles.profilesFor(caller);
  }

  create(
    caller: Caller,
    request: CreateWorkspaceRequest,
  ): Promise<StoredWorkspace> {
    return this.launcher.create(caller, request);
  }

  reproduce(
    caller: Caller,
    source: StoredWorkspace,
    request: { name?: string; start?: boolean } = {},
  ): Promise<StoredWorkspace> {
    return this.launcher.reproduce(caller, source, request);
  }

  start(caller: Caller, workspace: StoredWorkspace): Promise<StoredWorkspace> {
    return this.launcher.start(caller, workspace);
  }

  restart(
    caller: Caller,
    workspace: StoredWorkspace,
  ): Promise<StoredWorkspace> {
    return this.launcher.restart(caller, workspace);
  }

  launchPreview(
    caller: Caller,
    request: Parameters<Launcher['launchPreview']>[1],
  ): Promise<LaunchPreview> {
    return this.launcher.launchPreview(caller, request);
  }

  stop(
    workspace: StoredWorkspace,
    actor: string | undefined,
    reason: string,
  ): Promise<StoredWorkspace> {
    return this.stopper.stop(workspace, actor, reason);
  }

  delete(workspace: StoredWorkspace, actor: string): Promise<void> {
    return this.stopper.delete(workspace, actor);
  }

  progress(
    workspace: StoredWorkspace,
    signal?: AbortSignal,
  ): AsyncIterable<WorkspaceProgressEvent> {
    return this.watcher.progress(workspace, signal);
  }

  list(filter: { owner?: string; project?: string }) {
    // Entity refs are compared in lower case, as the catalog does.
    return this.store.listWorkspaces({
      owner: filter.owner,
      project: filter.project?.toLocaleLowerCase('en-US'),
    });
  }

  /** One page of a filtered, sorted list (see the store). */
  page(query: WorkspacePageQuery) {
    return this.store.pageWorkspaces(query);
  }

  /** A page of usage sessions for metering (see the store). */
  usageSessionsChangedSince(options: {
    since: string;
    after?: string;
    limit: number;
  }) {
    return this.store.listUsageSessionsChangedSince(options);
  }

  /** A page of usage sessions changed since a metering run's mark (see the store). */
  usageSessionsUpdatedSince(options: {
    updatedSince: string;
    after?: string;
    limit: number;
  }) {
    return this.store.listUsageSessionsUpdatedSince(options);
  }

  events(id: string) {
    return this.store.listEvents(id);
  }

  async getOrThrow(id: string): Promise<StoredWorkspace> {
    const workspace = await this.store.getWorkspace(id);
    if (!workspace)
      throw new NotFoundError(
        `There is no workspace ${id}: it may have been deleted`,
      );
    return workspace;
  }
}
