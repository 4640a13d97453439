import type { WorkspaceDriver } from '@internal/plugin-workspaces-node';
import type {
  StoredWorkspace,
  WorkspacesStore,
} from '../database/WorkspacesStore';
import type { AdmissionChecks } from './AdmissionChecks';

const ACTIVE: StoredWorkspace['status'][] = ['starting', 'running', 'stopping'];

/**
 * Stops and deletes workspaces: the hub's server first, then the usage session is
 * closed, the record updated and what admission reserved given back.
 */
export class WorkspaceStopper {
  constructor(
    private readonly options: {
      store: WorkspacesStore;
      driver: WorkspaceDriver;
      admission: AdmissionChecks;
      now: () => Date;
    },
  ) {}

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
    const { store, driver, admission } = this.options;
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
    const endedAt = this.options.now().toISOString();
    await store.closeUsageSession(workspace.id, endedAt, reason, lastActivity);
    const stopped = await store.updateWorkspace(
      workspace.id,
      { status: 'stopped', statusReason: reason, url: null },
      { actor, expectStatus: ['stopping'] },
    );
    if (!stopped) return (await store.getWorkspace(workspace.id)) ?? claimed;
    await admission.release(workspace);
    return stopped;
  }

  /** Deletes a workspace: its server at the hub, then its record. */
  async delete(workspace: StoredWorkspace, actor: string): Promise<void> {
    const { store, driver, admission } = this.options;
    await driver.deleteServer(workspace.hubUser, workspace.name);
    await store.closeUsageSession(
      workspace.id,
      this.options.now().toISOString(),
      'deleted',
      workspace.lastActivity,
    );
    await store.updateWorkspace(
      workspace.id,
      { status: 'stopped', statusReason: 'deleted' },
      { actor },
    );
    await store.deleteWorkspace(workspace.id);
    await admission.release(workspace);
  }
}
