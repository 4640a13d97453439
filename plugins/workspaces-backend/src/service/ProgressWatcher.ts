import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import type { WorkspaceProgressEvent } from '@internal/plugin-workspaces-common';
import type { WorkspaceDriver } from '@internal/plugin-workspaces-node';
import type {
  StoredWorkspace,
  WorkspacesStore,
} from '../database/WorkspacesStore';
import type { StatusRecorder } from './StatusRecorder';

/** The last event of a start's progress when the workspace stopped (or went) meanwhile. */
const endedMeanwhile = (
  now: StoredWorkspace | undefined,
): WorkspaceProgressEvent => ({
  progress: 0,
  message: `Workspace is ${now?.status ?? 'deleted'}${
    now?.statusReason ? `: ${now.statusReason}` : ''
  }`,
});

/**
 * Waits on the hub: relays a start's progress (and records how it ends), follows a
 * start nobody watches, and waits for a stop to finish.
 */
export class ProgressWatcher {
  constructor(
    private readonly options: {
      store: WorkspacesStore;
      driver: WorkspaceDriver;
      recorder: StatusRecorder;
      logger: LoggerService;
    },
  ) {}

  /**
   * The start progress of a workspace, from the hub, ending with ready or failed. Also
   * records the outcome, so a watched start is up to date at once.
   */
  async *progress(
    workspace: StoredWorkspace,
    signal?: AbortSignal,
  ): AsyncIterable<WorkspaceProgressEvent> {
    const { driver, store, recorder } = this.options;
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
    for await (const event of driver.progress(
      workspace.hubUser,
      workspace.name,
      signal,
    )) {
      if (event.ready) {
        const user = await driver.getUser(workspace.hubUser);
        const server = user?.servers.find(s => s.name === workspace.name);
        const marked = server
          ? await recorder.markRunning(workspace, server, ['starting'])
          : undefined;
        // Not marked: the other watcher of this start did, or it was stopped meanwhile.
        const now = marked ?? (await store.getWorkspace(workspace.id));
        if (now?.status === 'running' || now?.status === 'starting') {
          yield { ...event, ...(now.url ? { url: now.url } : {}) };
        } else {
          yield endedMeanwhile(now);
        }
        return;
      }
      if (
        event.failed &&
        !(await recorder.markFailed(workspace, event.message))
      ) {
        // Not starting any more: stopped meanwhile (a 5.x hub cancels the spawn).
        const now = await store.getWorkspace(workspace.id);
        if (now?.status === 'failed') {
          yield event; // recorded by the other watcher of this start
          return;
        }
        yield endedMeanwhile(now);
        return;
      }
      yield event;
    }
  }

  /** Follows a start in the background so the record turns running or failed at once. */
  watchStart(workspace: StoredWorkspace) {
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

  /** Waits until the hub no longer runs the workspace's server (up to 30 s). */
  async waitUntilStopped(workspace: StoredWorkspace) {
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
}
