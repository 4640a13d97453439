import type {
  DriverServer,
  WorkspaceDriver,
} from '@internal/plugin-workspaces-node';
import type { WorkspaceStatus } from '@internal/plugin-workspaces-common';
import type {
  StoredWorkspace,
  WorkspacesStore,
} from '../database/WorkspacesStore';
import type { AdmissionChecks } from './AdmissionChecks';

/**
 * Records what the hub says a start came to, the same way for every path that learns
 * it (the start itself, its progress stream, the reconcile): running with its usage
 * session, or failed with what admission reserved given back.
 */
export class StatusRecorder {
  constructor(
    private readonly options: {
      store: WorkspacesStore;
      driver: WorkspaceDriver;
      admission: AdmissionChecks;
      now: () => Date;
    },
  ) {}

  /**
   * Marks a record running and opens its usage session (one transaction), if its status
   * is still one of `from`; undefined otherwise. A start's own watchers pass
   * `['starting']`: one that hears "ready" after the workspace was stopped must not make
   * it running again, with a usage session for a server that no longer runs (seen: a
   * start followed at once by a stop, then a start refused as "already running"). The
   * reconcile passes the status it read next to what the hub reported.
   */
  async markRunning(
    workspace: StoredWorkspace,
    server: DriverServer,
    from: WorkspaceStatus[],
  ) {
    const { store, driver, now } = this.options;
    const startedAt = server.started ?? now().toISOString();
    return store.updateWorkspace(
      workspace.id,
      {
        status: 'running',
        statusReason: null,
        url: driver.publicUrl(server) ?? null,
        startedAt,
        lastSeenRunningAt: now().toISOString(),
        ...(server.lastActivity ? { lastActivity: server.lastActivity } : {}),
      },
      {
        expectStatus: from,
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

  /** Marks a start failed, if it is still starting; true when this call did. */
  async markFailed(
    workspace: StoredWorkspace,
    message?: string,
  ): Promise<boolean> {
    const failed = await this.options.store.updateWorkspace(
      workspace.id,
      {
        status: 'failed',
        statusReason: message ? `Start failed: ${message}` : 'Start failed',
        url: null,
      },
      { expectStatus: ['starting'] },
    );
    if (failed) await this.options.admission.release(workspace);
    return Boolean(failed);
  }
}
