import type {
  DriverServer,
  WorkspaceDriver,
} from '@internal/plugin-workspaces-node';
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

  /** Marks a record running and opens its usage session (one transaction). */
  async markRunning(workspace: StoredWorkspace, server: DriverServer) {
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
