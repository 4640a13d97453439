import type { LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  canUseProfile,
  profileResources,
  resolveOptions,
  WORKSPACE_NAME_PATTERN,
  WORKSPACE_NAME_RULE,
  type CreateWorkspaceRequest,
  type LaunchPreview,
  type ProfileResources,
  type WorkspaceProfile,
  type WorkspaceProgressEvent,
} from '@internal/plugin-workspaces-common';
import type {
  DriverServer,
  LaunchAdmissionCheck,
  LaunchAdmissionRequest,
  WorkspaceDriver,
} from '@internal/plugin-workspaces-node';
import type {
  StoredWorkspace,
  WorkspacesStore,
} from '../database/WorkspacesStore';
import type { GitReadPolicy } from './gitCommit';
import { policyFor, type IdlePolicy } from './idlePolicies';
import { launchSource } from './launchSource';
import { reconcileWorkspaces } from './Reconciler';
import type { ProjectAccess, ProjectCaller } from './projectAccess';

/** The signed-in person a request is made for. */
export type Caller = ProjectCaller;

const groupsOf = (caller: Caller) =>
  caller.ownershipEntityRefs.filter(ref => ref.startsWith('group:'));

/** `user:default/ada` -> `ada`: the hub user of a catalog user (JupyterHub lower-cases names). */
export function hubUserFor(userEntityRef: string): string {
  return parseEntityRef(userEntityRef).name.toLocaleLowerCase('en-US');
}

const ACTIVE: StoredWorkspace['status'][] = ['starting', 'running', 'stopping'];

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
 * What the routes and the scheduled tasks do with workspaces. The hub is the truth for
 * what runs; the store keeps records, history and usage sessions.
 */
export class WorkspacesService {
  constructor(
    private readonly options: {
      store: WorkspacesStore;
      driver: WorkspaceDriver;
      profiles: WorkspaceProfile[];
      idlePolicies: IdlePolicy[];
      admissionChecks: LaunchAdmissionCheck[];
      logger: LoggerService;
      /**
       * Checks that the caller may launch for a project and reads its environment and
       * git repository; without it, projects are taken as given (tests).
       */
      projectAccess?: ProjectAccess;
      /** Which repositories `git ls-remote` may read (default: none). */
      gitReadPolicy?: GitReadPolicy;
      /** How long `git ls-remote` may take at a launch (default 10 s). */
      gitTimeoutMs?: number;
      /** For tests: the clock. */
      now?: () => Date;
    },
  ) {}

  private now() {
    return (this.options.now ?? (() => new Date()))();
  }

  /** Whether the caller may use a profile (Nebari's access, users, groups). */
  private mayUse(caller: Caller, profile: WorkspaceProfile): boolean {
    return canUseProfile(profile, {
      name: parseEntityRef(caller.userEntityRef).name,
      groups: groupsOf(caller).map(ref => parseEntityRef(ref).name),
    });
  }

  profilesFor(
    caller: Caller,
  ): (WorkspaceProfile & { resources: ProfileResources })[] {
    // Who else may use a profile is not the caller's business: users and groups stay here.
    return this.options.profiles
      .filter(p => this.mayUse(caller, p))
      .map(({ users: _users, groups: _groups, ...p }) => ({
        ...p,
        resources: profileResources(p, resolveOptions(p)),
      }));
  }

  async create(
    caller: Caller,
    request: CreateWorkspaceRequest,
    provenance: { reproducedFrom?: string } = {},
  ): Promise<StoredWorkspace> {
    if (!WORKSPACE_NAME_PATTERN.test(request.name)) {
      throw new InputError(
        `'${request.name}' is not a valid workspace name: ${WORKSPACE_NAME_RULE}`,
      );
    }
    const { profile, options, resources } = this.chooseProfile(
      caller,
      request.profile,
      request.options,
    );
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
    const { profile, options, resources } = this.chooseProfile(
      caller,
      workspace.profile,
      workspace.options,
    );
    const project = await this.projectFor(caller, workspace.project);
    // This attempt's own id: if it loses to a concurrent start, it releases only its own.
    const admissionId = randomUUID();
    for (const admission of this.options.admissionChecks) {
      const decision = await admission.check({
        user: workspace.owner,
        groups: groupsOf(caller),
        workspace: { id: workspace.id, name: workspace.name },
        profile: profile.slug,
        resources,
        project: workspace.project,
        admissionId,
      });
      if (!decision.allowed) {
        this.options.logger.info(
          `Launch of ${workspace.owner}/${workspace.name} refused by ${admission.name}: ${decision.reason}`,
        );
        // Checks asked before this one may have reserved resources for the start.
        await this.releaseAdmission(workspace, admissionId);
        throw new NotAllowedError(decision.reason);
      }
    }

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
      },
      {
        actor: caller.userEntityRef,
        expectStatus: ['stopped', 'failed'],
        eventReason: source.note,
      },
    );
    if (!claimed) {
      await this.releaseAdmission(workspace, admissionId);
      throw new ConflictError(
        `Workspace '${workspace.name}' changed meanwhile: reload and try again`,
      );
    }
    let server: DriverServer;
    try {
      await driver.ensureUser(workspace.hubUser);
      server = await driver.startServer(workspace.hubUser, workspace.name, {
        profile: profile.slug,
        ...options,
      });
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
      await this.releaseAdmission(workspace);
      throw error;
    }
    if (server.ready) {
      return (await this.markRunning(claimed, server)) ?? claimed;
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
      this.watchStart(unconfirmed ?? claimed);
      return unconfirmed ?? claimed;
    }
    this.watchStart(claimed);
    return claimed;
  }

  /**
   * Stops a workspace; `reason` is what its owner reads ("stopped by margaret").
   * `lastActivity` is the freshest activity known (the culler has the hub's).
   */
  async stop(
    workspace: StoredWorkspace,
    actor: string | undefined,
    reason: string,
    lastActivity: string | undefined = workspace.lastActivity,
  ): Promise<StoredWorkspace> {
    if (workspace.status === 'stopped' || workspace.status === 'failed') {
      return workspace;
    }
    const { store, driver } = this.options;
    // Claimed first: a hub that cancels a pending spawn (JupyterHub 5.1+) ends the start's
    // progress with "failed" while the stop runs, and that must not fail the record and
    // release the admission a second time.
    const claimed = await store.updateWorkspace(
      workspace.id,
      { status: 'stopping' },
      { actor, expectStatus: ACTIVE, noEvent: true },
    );
    if (!claimed) return (await store.getWorkspace(workspace.id)) ?? workspace;
    try {
      await driver.stopServer(workspace.hubUser, workspace.name);
    } catch (error) {
      await store.updateWorkspace(
        workspace.id,
        { status: workspace.status },
        { expectStatus: ['stopping'], noEvent: true },
      );
      throw error;
    }
    const endedAt = this.now().toISOString();
    await store.closeUsageSession(workspace.id, endedAt, reason, lastActivity);
    const stopped = await store.updateWorkspace(
      workspace.id,
      { status: 'stopped', statusReason: reason, url: null },
      { actor, expectStatus: ['stopping'] },
    );
    if (!stopped) return (await store.getWorkspace(workspace.id)) ?? claimed;
    await this.releaseAdmission(workspace);
    return stopped;
  }

  async restart(
    caller: Caller,
    workspace: StoredWorkspace,
  ): Promise<StoredWorkspace> {
    // Refused before the stop, not after it.
    await this.projectFor(caller, workspace.project);
    const stopped = await this.stop(
      workspace,
      caller.userEntityRef,
      'restarted',
    );
    await this.waitUntilStopped(stopped);
    return this.start(caller, stopped);
  }

  async delete(workspace: StoredWorkspace, actor: string): Promise<void> {
    await this.options.driver.deleteServer(workspace.hubUser, workspace.name);
    await this.options.store.closeUsageSession(
      workspace.id,
      this.now().toISOString(),
      'deleted',
      workspace.lastActivity,
    );
    await this.options.store.updateWorkspace(
      workspace.id,
      { status: 'stopped', statusReason: 'deleted' },
      { actor },
    );
    await this.options.store.deleteWorkspace(workspace.id);
    await this.releaseAdmission(workspace);
  }

  /**
   * What the launch dialog shows before a start: the resources of the chosen profile
   * and what each admission check says (cost estimate, budget, quotas), including
   * whether the start would be refused. Reserves nothing.
   */
  async launchPreview(
    caller: Caller,
    request: {
      profile: string;
      options?: Record<string, string>;
      project?: string;
      name?: string;
    },
  ): Promise<LaunchPreview> {
    const { profile, resources } = this.chooseProfile(
      caller,
      request.profile,
      request.options,
    );
    await this.projectFor(caller, request.project);
    const admissionRequest: LaunchAdmissionRequest = {
      user: caller.userEntityRef,
      groups: groupsOf(caller),
      workspace: { id: '', name: request.name ?? '' },
      profile: profile.slug,
      resources,
      project: request.project?.toLocaleLowerCase('en-US'),
    };
    const preview: LaunchPreview = {
      profile: profile.slug,
      resources,
      facts: [],
    };
    for (const admission of this.options.admissionChecks) {
      if (!admission.preview) continue;
      try {
        const result = await admission.preview(admissionRequest);
        preview.facts.push(
          ...result.facts.map(f => ({ check: admission.name, ...f })),
        );
        if (result.refusal && !preview.refusal) {
          preview.refusal = result.refusal;
        }
      } catch (error) {
        // A preview is advice: the start itself is still checked.
        preview.facts.push({
          check: admission.name,
          label: admission.name,
          value: `not available (${(error as Error).message})`,
          tone: 'warning',
        });
      }
    }
    return preview;
  }

  /** Gives back what admission checks reserved for a workspace that no longer runs. */
  private async releaseAdmission(
    workspace: StoredWorkspace,
    /** Only this start attempt's reservation (it lost or was refused); else all. */
    admissionId?: string,
  ) {
    for (const admission of this.options.admissionChecks) {
      if (!admission.release) continue;
      try {
        await admission.release({
          id: workspace.id,
          user: workspace.owner,
          ...(admissionId ? { admissionId } : {}),
        });
      } catch (error) {
        // Checks heal missed releases themselves (e.g. from the open usage sessions).
        this.options.logger.warn(
          `Could not release ${workspace.owner}/${workspace.name} from ${admission.name}: ${error}`,
        );
      }
    }
  }

  /**
   * The start progress of a workspace, from the hub, ending with ready or failed. Also
   * records the outcome, so a watched start is up to date at once.
   */
  async *progress(
    workspace: StoredWorkspace,
    signal?: AbortSignal,
  ): AsyncIterable<WorkspaceProgressEvent> {
    if (workspace.status === 'running') {
      yield {
        progress: 100,
        ready: true,
        message: 'Running',
        ...(workspace.url ? { url: workspace.url } : {}),
      };
      return;
    }
    if (workspace.status !== 'starting') {
      yield {
        progress: 0,
        failed: workspace.status === 'failed',
        message: workspace.statusReason ?? `Workspace is ${workspace.status}`,
      };
      return;
    }
    for await (const event of this.options.driver.progress(
      workspace.hubUser,
      workspace.name,
      signal,
    )) {
      if (event.ready) {
        const user = await this.options.driver.getUser(workspace.hubUser);
        const server = user?.servers.find(s => s.name === workspace.name);
        const running = server
          ? await this.markRunning(workspace, server)
          : undefined;
        yield { ...event, ...(running?.url ? { url: running.url } : {}) };
        return;
      }
      if (event.failed && !(await this.markFailed(workspace, event.message))) {
        // Not starting any more: stopped meanwhile (a 5.x hub cancels the spawn).
        const now = await this.options.store.getWorkspace(workspace.id);
        if (now?.status === 'failed') {
          yield event; // recorded by the other watcher of this start
          return;
        }
        yield {
          progress: 0,
          message: `Workspace is ${now?.status ?? 'deleted'}${
            now?.statusReason ? `: ${now.statusReason}` : ''
          }`,
        };
        return;
      }
      yield event;
    }
  }

  /** Repairs the records from what the hub runs (see reconcileWorkspaces). */
  async reconcile() {
    return reconcileWorkspaces({
      store: this.options.store,
      driver: this.options.driver,
      logger: this.options.logger,
      now: () => this.now(),
      markRunning: (workspace, server) => this.markRunning(workspace, server),
      releaseAdmission: workspace => this.releaseAdmission(workspace),
    });
  }

  /** Stops workspaces idle longer than their policy allows, or older than its maximum age. */
  async cullIdle(): Promise<{ culled: string[] }> {
    const { driver, store, idlePolicies, logger } = this.options;
    if (idlePolicies.length === 0) return { culled: [] };
    const running = await store.listWorkspaces({ statuses: ['running'] });
    if (running.length === 0) return { culled: [] };
    // Fresh activity from the hub: the records' copy may lag by a reconcile period.
    const activity = new Map<string, DriverServer>();
    for (const user of await driver.listUsersWithServers()) {
      for (const server of user.servers)
        activity.set(`${user.name}/${server.name}`, server);
    }
    const now = this.now().getTime();
    const culled: string[] = [];
    for (const workspace of running) {
      const policy = policyFor(
        idlePolicies,
        workspace,
        workspace.ownerGroups.map(g => parseEntityRef(g).name),
      );
      const server = activity.get(`${workspace.hubUser}/${workspace.name}`);
      if (!server) continue; // reconcile deals with vanished servers
      const lastActive = new Date(
        server.lastActivity ?? server.started ?? workspace.startedAt ?? now,
      ).getTime();
      const idleMinutes = (now - lastActive) / 60_000;
      const ageHours =
        (now -
          new Date(server.started ?? workspace.startedAt ?? now).getTime()) /
        3_600_000;
      let reason: string | undefined;
      if (
        policy.idleTimeoutMinutes !== undefined &&
        idleMinutes >= policy.idleTimeoutMinutes
      ) {
        reason = `stopped after ${Math.floor(idleMinutes)} min idle`;
      } else if (
        policy.maxAgeHours !== undefined &&
        ageHours >= policy.maxAgeHours
      ) {
        reason = `stopped after reaching the maximum age of ${policy.maxAgeHours} h`;
      }
      if (!reason) continue;
      try {
        await this.stop(workspace, undefined, reason, server.lastActivity);
        culled.push(workspace.id);
        logger.info(
          `Culled workspace ${workspace.owner}/${workspace.name}: ${reason}`,
        );
      } catch (error) {
        logger.warn(
          `Could not cull ${workspace.owner}/${workspace.name}: ${error}`,
        );
      }
    }
    return { culled };
  }

  private chooseProfile(
    caller: Caller,
    slug: string,
    chosen?: Record<string, string>,
  ) {
    const profile = this.options.profiles.find(p => p.slug === slug);
    if (!profile) {
      const known = this.options.profiles
        .filter(p => this.mayUse(caller, p))
        .map(p => p.slug);
      throw new InputError(
        `There is no profile '${slug}': choose one of ${
          known.join(', ') || '(none)'
        }`,
      );
    }
    if (!this.mayUse(caller, profile)) {
      throw new NotAllowedError(
        `Profile '${profile.display_name}' is not available to you: ask an admin for access or choose another profile`,
      );
    }
    let options: Record<string, string>;
    try {
      options = resolveOptions(profile, chosen);
    } catch (error) {
      throw new InputError((error as Error).message);
    }
    return { profile, options, resources: profileResources(profile, options) };
  }

  private async markRunning(workspace: StoredWorkspace, server: DriverServer) {
    const { store, driver } = this.options;
    const startedAt = server.started ?? this.now().toISOString();
    return store.updateWorkspace(
      workspace.id,
      {
        status: 'running',
        statusReason: null,
        url: driver.publicUrl(server) ?? null,
        startedAt,
        lastSeenRunningAt: this.now().toISOString(),
        ...(server.lastActivity ? { lastActivity: server.lastActivity } : {}),
      },
      {
        expectStatus: ['starting', 'stopped', 'failed', 'stopping'],
        // Opened with the status change, in one transaction: exactly one session per run.
        openSession: {
          workspaceId: workspace.id,
          owner: workspace.owner,
          groups: workspace.ownerGroups,
          project: workspace.project,
          profile: workspace.profile,
          cpu: workspace.resources.cpu,
          memoryGiB: workspace.resources.memoryGiB,
          gpu: workspace.resources.gpu,
          gpuType: workspace.resources.gpuType,
          startedAt,
        },
      },
    );
  }

  private async markFailed(workspace: StoredWorkspace, message?: string) {
    const failed = await this.options.store.updateWorkspace(
      workspace.id,
      {
        status: 'failed',
        statusReason: message ? `Start failed: ${message}` : 'Start failed',
        url: null,
      },
      { expectStatus: ['starting'] },
    );
    if (failed) await this.releaseAdmission(workspace);
    return Boolean(failed);
  }

  /** Follows a start in the background so the record turns running or failed at once. */
  private watchStart(workspace: StoredWorkspace) {
    (async () => {
      for await (const event of this.progress(workspace)) {
        if (event.ready || event.failed) return;
      }
    })().catch(error =>
      // The scheduled reconcile catches up with whatever this missed.
      this.options.logger.debug(
        `Lost the start progress of ${workspace.name}: ${error}`,
      ),
    );
  }

  private async waitUntilStopped(workspace: StoredWorkspace) {
    for (let i = 0; i < 150; i++) {
      const user = await this.options.driver.getUser(workspace.hubUser);
      const server = user?.servers.find(s => s.name === workspace.name);
      if (!server || (!server.ready && server.pending === null)) return;
      await new Promise(r => setTimeout(r, 200));
    }
    throw new ConflictError(
      `Workspace '${workspace.name}' is taking long to stop: start it again in a minute`,
    );
  }

  list(filter: { owner?: string; project?: string }) {
    // Entity refs are compared in lower case, as the catalog does.
    return this.options.store.listWorkspaces({
      owner: filter.owner,
      project: filter.project?.toLocaleLowerCase('en-US'),
    });
  }

  /** A page of usage sessions for metering (see the store). */
  usageSessionsChangedSince(options: {
    since: string;
    after?: string;
    limit: number;
  }) {
    return this.options.store.listUsageSessionsChangedSince(options);
  }

  events(id: string) {
    return this.options.store.listEvents(id);
  }

  async getOrThrow(id: string): Promise<StoredWorkspace> {
    const workspace = await this.options.store.getWorkspace(id);
    if (!workspace)
      throw new NotFoundError(
        `There is no workspace ${id}: it may have been deleted`,
      );
    return workspace;
  }
}
