import type { LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import { ConflictError, InputError } from '@backstage/errors';
import { quote } from '@internal/backend-route-kit';
import {
  WORKSPACE_NAME_PATTERN,
  WORKSPACE_NAME_RULE,
  type CreateWorkspaceRequest,
  type LaunchPreview,
} from '@internal/plugin-workspaces-common';
import type {
  DriverServer,
  LaunchAdmissionRequest,
  LaunchContributionRequest,
  WorkspaceDriver,
} from '@internal/plugin-workspaces-node';
import type {
  StoredWorkspace,
  WorkspacesStore,
} from '../database/WorkspacesStore';
import type { AdmissionChecks } from './AdmissionChecks';
import { groupsOf, hubUserFor, type Caller } from './caller';
import {
  describeLaunchEnvironment,
  launchEnvironment,
  type EnvironmentLookup,
} from './environmentBuild';
import type { GitReadPolicy } from './gitCommit';
import { launchSource } from './launchSource';
import type { ProfileChooser } from './ProfileChooser';
import type { ProgressWatcher } from './ProgressWatcher';
import type { ProjectAccess } from './projectAccess';
import type { StatusRecorder } from './StatusRecorder';
import type { WorkspaceStopper } from './WorkspaceStopper';

/**
 * `<name>-repro-<n>` with the first n not in `taken`, the original name shortened so the
 * whole stays a valid workspace name (63 characters at most).
 */
export function reproductionName(name: string, taken: Set<string>): string {
  for (let n = 1; ; n++) {
    const suffix = `-repro-${n}`;
    const base = name.slice(0, 63 - suffix.length).replace(/-+$/, '');
    const candidate = `${base}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Launches workspaces: creates them, reproduces them, starts and restarts them after
 * the admission checks, recording where each launch came from (profile, options,
 * environment, git commit), and previews a launch.
 */
export class Launcher {
  constructor(
    private readonly options: {
      store: WorkspacesStore;
      driver: WorkspaceDriver;
      profiles: ProfileChooser;
      admission: AdmissionChecks;
      recorder: StatusRecorder;
      progress: ProgressWatcher;
      stopper: WorkspaceStopper;
      logger: LoggerService;
      /**
       * Checks that the caller may launch for a project and reads its environment and
       * git repository; without it, projects are taken as given (tests).
       */
      projectAccess?: ProjectAccess;
      /**
       * Reads environment entities, so that a conda-store environment launches with (and
       * records) a build; without it, environments are recorded as given (tests).
       */
      environmentLookup?: EnvironmentLookup;
      /** Which repositories `git ls-remote` may read (default: none). */
      gitReadPolicy?: GitReadPolicy;
      /** How long `git ls-remote` may take at a launch (default 10 s). */
      gitTimeoutMs?: number;
    },
  ) {}

  async create(
    caller: Caller,
    request: CreateWorkspaceRequest,
    provenance: { reproducedFrom?: string } = {},
  ): Promise<StoredWorkspace> {
    if (!WORKSPACE_NAME_PATTERN.test(request.name)) {
      throw new InputError(
        `${quote(
          request.name,
        )} is not a valid workspace name: ${WORKSPACE_NAME_RULE}`,
      );
    }
    const { profile, options, resources } = this.options.profiles.choose(
      caller,
      request.profile,
      request.options,
    );
    if (request.environmentBuild !== undefined && !request.environment) {
      throw new InputError(
        'environmentBuild names a conda-store build of the environment: give the environment too',
      );
    }
    await this.projectFor(caller, request.project);
    const workspace = await this.options.store.createWorkspace(
      {
        owner: caller.userEntityRef,
        hubUser: hubUserFor(caller.userEntityRef),
        name: request.name,
        profile: profile.slug,
        options,
        resources,
        project: request.project?.toLocaleLowerCase('en-US'),
        environment: request.environment?.toLocaleLowerCase('en-US'),
        gitCommit: request.gitCommit?.toLocaleLowerCase('en-US'),
        environmentBuild: request.environmentBuild,
        reproducedFrom: provenance.reproducedFrom,
      },
      caller.userEntityRef,
    );
    if (request.start === false) return workspace;
    return this.start(caller, workspace);
  }

  /**
   * Creates and starts a new workspace of the caller with exactly the profile, options,
   * environment and git commit of `source`, named `<source>-repro-<n>` unless named.
   */
  async reproduce(
    caller: Caller,
    source: StoredWorkspace,
    request: { name?: string; start?: boolean } = {},
  ): Promise<StoredWorkspace> {
    const taken = new Set(
      (
        await this.options.store.listWorkspaces({ owner: caller.userEntityRef })
      ).map(w => w.name),
    );
    return this.create(
      caller,
      {
        name: request.name ?? reproductionName(source.name, taken),
        profile: source.profile,
        options: source.options,
        project: source.project,
        environment: source.environment,
        gitCommit: source.gitCommit,
        environmentBuild: source.environmentBuild,
        start: request.start ?? true,
      },
      { reproducedFrom: source.id },
    );
  }

  /** The project the caller launches for, once they may (400/403 otherwise). */
  private async projectFor(caller: Caller, projectRef: string | undefined) {
    const { projectAccess } = this.options;
    if (!projectRef || !projectAccess) return undefined;
    return projectAccess(projectRef, caller);
  }

  /** Starts a stopped or failed workspace of the caller (admission checks first). */
  async start(
    caller: Caller,
    workspace: StoredWorkspace,
  ): Promise<StoredWorkspace> {
    if (workspace.status === 'running' || workspace.status === 'starting') {
      throw new ConflictError(
        `Workspace '${workspace.name}' is already ${workspace.status}`,
      );
    }
    if (workspace.status === 'stopping') {
      throw new ConflictError(
        `Workspace '${workspace.name}' is still stopping: start it again in a few seconds`,
      );
    }
    // The profile may have changed in config since the workspace was created, and the
    // caller may have left the project's team.
    const { profile, options, resources } = this.options.profiles.choose(
      caller,
      workspace.profile,
      workspace.options,
    );
    const project = await this.projectFor(caller, workspace.project);
    // Before the admission: an environment that cannot be launched any more is refused
    // with nothing reserved.
    const environment = await launchEnvironment(
      this.options.environmentLookup,
      caller,
      workspace.environment ?? project?.environment?.toLocaleLowerCase('en-US'),
      workspace.environmentBuild,
    );
    // This attempt's own id: if it loses to a concurrent start, it releases only its own.
    const admissionId = randomUUID();
    const admissionRequest: LaunchAdmissionRequest = {
      user: workspace.owner,
      groups: groupsOf(caller),
      workspace: { id: workspace.id, name: workspace.name },
      profile: profile.slug,
      resources,
      project: workspace.project,
    };
    await this.options.admission.admit({ ...admissionRequest, admissionId });

    const { driver, store } = this.options;
    const source = await launchSource(workspace, project, {
      policy: this.options.gitReadPolicy ?? { hosts: [] },
      logger: this.options.logger,
      timeoutMs: this.options.gitTimeoutMs,
    });
    const claimed = await store.updateWorkspace(
      workspace.id,
      {
        status: 'starting',
        statusReason: null,
        url: null,
        resources,
        options,
        ownerGroups: groupsOf(caller),
        ...source.patch,
        ...(environment?.condaStore && !environment.condaStore.recorded
          ? { environmentBuild: environment.condaStore.buildId }
          : {}),
      },
      {
        actor: caller.userEntityRef,
        expectStatus: ['stopped', 'failed'],
        eventReason:
          [
            source.note,
            environment?.condaStore && describeLaunchEnvironment(environment),
          ]
            .filter(Boolean)
            .join('; ') || undefined,
      },
    );
    if (!claimed) {
      await this.options.admission.release(workspace, admissionId);
      throw new ConflictError(
        `Workspace '${workspace.name}' changed meanwhile: reload and try again`,
      );
    }
    let server: DriverServer;
    try {
      // Inside the try: a contributor that fails (no access to the data any more) fails
      // the start like the hub would, with its reason.
      const userOptions = await this.options.admission.contribute(
        {
          ...admissionRequest,
          hubUser: workspace.hubUser,
          reproducedFrom: workspace.reproducedFrom,
          ...(environment ? { environment } : {}),
        },
        { profile: profile.slug, ...options },
      );
      await driver.ensureUser(workspace.hubUser);
      server = await driver.startServer(
        workspace.hubUser,
        workspace.name,
        userOptions,
      );
    } catch (error) {
      // Kept, with the reason, so the person sees what happened and can start it again.
      await store.updateWorkspace(
        workspace.id,
        {
          status: 'failed',
          statusReason: `Could not start: ${(error as Error).message}`,
        },
        { actor: caller.userEntityRef },
      );
      await this.options.admission.release(workspace);
      throw error;
    }
    if (server.ready) {
      return (
        (await this.options.recorder.markRunning(claimed, server, [
          'starting',
        ])) ?? claimed
      );
    }
    if (server.unconfirmed) {
      // The hub may still be starting it: the quota stays held, and the progress stream
      // or the reconcile says how it ends.
      const unconfirmed = await store.updateWorkspace(
        workspace.id,
        {
          statusReason:
            'Starting, unconfirmed: JupyterHub did not confirm the start in time; this page updates once it does',
        },
        { expectStatus: ['starting'] },
      );
      this.options.progress.watchStart(unconfirmed ?? claimed);
      return unconfirmed ?? claimed;
    }
    this.options.progress.watchStart(claimed);
    return claimed;
  }

  async restart(
    caller: Caller,
    workspace: StoredWorkspace,
  ): Promise<StoredWorkspace> {
    // Refused before the stop, not after it.
    await this.projectFor(caller, workspace.project);
    const stopped = await this.options.stopper.stop(
      workspace,
      caller.userEntityRef,
      'restarted',
    );
    await this.options.progress.waitUntilStopped(stopped);
    return this.start(caller, stopped);
  }

  /**
   * What the launch dialog shows before a start: the resources of the chosen profile
   * and what each admission check and launch contributor says (cost estimate, budget,
   * quotas, data the workspace will see), including
   * whether the start would be refused. Reserves nothing.
   */
  async launchPreview(
    caller: Caller,
    request: {
      profile: string;
      options?: Record<string, string>;
      project?: string;
      name?: string;
      /** The workspace a reproduction would be of (contributors reuse its data). */
      reproducedFrom?: string;
    },
  ): Promise<LaunchPreview> {
    const { profile, resources } = this.options.profiles.choose(
      caller,
      request.profile,
      request.options,
    );
    const project = await this.projectFor(caller, request.project);
    const environment = await this.previewEnvironment(
      caller,
      request.reproducedFrom,
      project?.environment,
    );
    const admissionRequest: LaunchContributionRequest = {
      user: caller.userEntityRef,
      groups: groupsOf(caller),
      workspace: { id: '', name: request.name ?? '' },
      profile: profile.slug,
      resources,
      project: request.project?.toLocaleLowerCase('en-US'),
      hubUser: hubUserFor(caller.userEntityRef),
      reproducedFrom: request.reproducedFrom,
      ...(environment ? { environment } : {}),
    };
    return {
      profile: profile.slug,
      resources,
      ...(await this.options.admission.preview(admissionRequest)),
    };
  }

  /**
   * The environment a previewed launch would run with: a reproduction's (of one of the
   * caller's workspaces) with its recorded build, else the project's current one.
   */
  private async previewEnvironment(
    caller: Caller,
    reproducedFrom: string | undefined,
    projectEnvironment: string | undefined,
  ) {
    const source = reproducedFrom
      ? await this.options.store.getWorkspace(reproducedFrom)
      : undefined;
    if (source && source.owner === caller.userEntityRef) {
      return launchEnvironment(
        this.options.environmentLookup,
        caller,
        source.environment,
        source.environmentBuild,
      );
    }
    return launchEnvironment(
      this.options.environmentLookup,
      caller,
      projectEnvironment?.toLocaleLowerCase('en-US'),
      undefined,
    );
  }
}
