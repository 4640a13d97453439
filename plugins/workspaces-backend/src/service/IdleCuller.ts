import type { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type {
  DriverServer,
  WorkspaceDriver,
} from '@internal/plugin-workspaces-node';
import type { WorkspacesStore } from '../database/WorkspacesStore';
import { policyFor, type IdlePolicy } from './idlePolicies';
import type { WorkspaceStopper } from './WorkspaceStopper';
import { ScheduledTask } from './ScheduledTask';

/**
 * A scheduled task that stops running workspaces idle longer than their policy allows
 * (`workspaces.idleCulling.policies`), or older than its maximum age. The owner reads
 * why on the workspace ("stopped after 47 min idle").
 */
export class IdleCuller extends ScheduledTask<{ culled: string[] }> {
  constructor(
    private readonly options: {
      store: WorkspacesStore;
      driver: WorkspaceDriver;
      stopper: Pick<WorkspaceStopper, 'stop'>;
      idlePolicies: IdlePolicy[];
      logger: LoggerService;
      now: () => Date;
    },
  ) {
    super({
      id: 'workspaces-idle-culling',
      what: 'Idle culling',
      logger: options.logger,
    });
  }

  /** One pass: stops what is idle or too old; the ids of the workspaces it stopped. */
  async run(): Promise<{ culled: string[] }> {
    const { driver, store, idlePolicies, logger, stopper } = this.options;
    if (idlePolicies.length === 0) return { culled: [] };
    const running = await store.listWorkspaces({ statuses: ['running'] });
    if (running.length === 0) return { culled: [] };
    // Fresh activity from the hub: the records' copy may lag by a reconcile period.
    const activity = new Map<string, DriverServer>();
    for (const user of await driver.listUsersWithServers()) {
      for (const server of user.servers)
        activity.set(`${user.name}/${server.name}`, server);
    }
    const now = this.options.now().getTime();
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
        await stopper.stop(workspace, undefined, reason, server.lastActivity);
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
}
