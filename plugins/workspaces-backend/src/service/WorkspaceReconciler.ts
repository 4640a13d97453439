import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  DriverServer,
  WorkspaceDriver,
} from '@internal/plugin-workspaces-node';
import type {
  StoredWorkspace,
  WorkspacesStore,
} from '../database/WorkspacesStore';
import type { AdmissionChecks } from './AdmissionChecks';
import type { StatusRecorder } from './StatusRecorder';
import { ScheduledTask } from './ScheduledTask';

const ACTIVE: StoredWorkspace['status'][] = ['starting', 'running', 'stopping'];

// What the reconcile records with: a server found running, a reservation freed.
type Recorder = Pick<StatusRecorder, 'markRunning'>;
type Admission = Pick<AdmissionChecks, 'release'>;

const key = (user: string, server: string) => `${user}/${server}`;

/**
 * Whether the hub says, beyond doubt, that a server does not run: absent, or present
 * and neither ready nor pending. Any pending value ('spawn', 'stop', 'check' while a
 * restarted hub polls its spawners, or one a later hub adds) means "look again".
 */
function surelyNotRunning(server: DriverServer | undefined): boolean {
  return !server || (!server.ready && server.pending === null);
}

/**
 * A scheduled task that repairs the records from what the hub runs: after the hub or
 * the portal was down, or a server was started or stopped outside the portal. A hub
 * that does not answer, or answers without the servers, changes nothing (the records
 * wait for the next run). A usage session is closed only when the hub says the server
 * is gone, and asked again for that user first (a user may have moved between pages of
 * the list), so a run's session is never closed and reopened.
 */
export class WorkspaceReconciler extends ScheduledTask<{
  started: number;
  stopped: number;
  seen: number;
}> {
  constructor(
    private readonly options: {
      store: WorkspacesStore;
      driver: WorkspaceDriver;
      recorder: Recorder;
      admission: Admission;
      logger: LoggerService;
      now: () => Date;
    },
  ) {
    super({
      id: 'workspaces-reconcile',
      what: 'Workspace reconcile',
      logger: options.logger,
    });
  }

  /** One reconcile: what it found running and stopped, and how many it saw running. */
  async run(): Promise<{ started: number; stopped: number; seen: number }> {
    const { driver, store, logger, recorder, admission } = this.options;
    let hubUsers;
    try {
      hubUsers = await driver.listUsersWithServers();
    } catch (error) {
      logger.error(
        `Reconcile with JupyterHub skipped, no workspace changed: ${
          (error as Error).message
        }`,
      );
      throw error;
    }
    const now = this.options.now().toISOString();
    const servers = new Map<string, DriverServer>();
    for (const user of hubUsers) {
      for (const server of user.servers) {
        if (server.name) servers.set(key(user.name, server.name), server);
      }
    }
    const records = await store.listWorkspaces();
    const seenRunning: string[] = [];
    let started = 0;
    let stopped = 0;
    for (const record of records) {
      let server = servers.get(key(record.hubUser, record.name));
      if (server?.ready && server.pending === null) {
        seenRunning.push(record.id);
        if (record.status !== 'running') {
          // Only from the status read above: a start or stop since then decides.
          if (await recorder.markRunning(record, server, [record.status])) {
            started++;
          }
        } else if (
          server.lastActivity &&
          server.lastActivity !== record.lastActivity
        ) {
          await store.updateWorkspace(record.id, {
            lastActivity: server.lastActivity,
          });
        }
        continue;
      }
      if (!ACTIVE.includes(record.status) || !surelyNotRunning(server))
        continue;
      // Confirmed with the user's own model before anything is closed.
      const user = await driver.getUser(record.hubUser);
      server = user?.servers.find(s => s.name === record.name);
      if (!surelyNotRunning(server)) continue;

      // Gone from the hub: stopped outside Atrium, culled by the hub, or a failed start.
      const endedAt = record.lastSeenRunningAt ?? now;
      const reason =
        record.status === 'starting'
          ? 'JupyterHub reports it is not running: the start failed or it was stopped outside Atrium'
          : 'stopped outside Atrium (JupyterHub reports it is no longer running)';
      await store.closeUsageSession(
        record.id,
        endedAt,
        reason,
        record.lastActivity,
      );
      const updated = await store.updateWorkspace(
        record.id,
        {
          status: record.status === 'starting' ? 'failed' : 'stopped',
          statusReason: reason,
          url: null,
        },
        { expectStatus: [record.status] },
      );
      if (updated) {
        stopped++;
        await admission.release(record);
      }
    }
    await store.markSeenRunning(seenRunning, now);
    if (started || stopped) {
      logger.info(
        `Reconciled workspaces with JupyterHub: ${started} found running, ${stopped} found stopped`,
      );
    }
    return { started, stopped, seen: seenRunning.length };
  }
}
