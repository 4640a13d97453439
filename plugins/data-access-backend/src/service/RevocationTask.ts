import type {
  AuditorService,
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type {
  HeldWithoutAccess,
  RevocationPolicy,
} from '@internal/plugin-data-access-common';
import type { DataAccessStore } from '../database/DataAccessStore';
import { shortName, type CatalogDirectory } from './DataSourceIndex';
import type { GrantsService } from './GrantsService';

/**
 * What the revocation task needs of the workspaces backend: stopping a workspace with
 * the reason its owner sees (WorkspacesApi.stopWorkspace, a service-only route).
 */
export interface WorkspaceStopper {
  stopWorkspace(
    id: string,
    request: { reason: string },
    options: { credentials: BackstageCredentials },
  ): Promise<unknown>;
}

/**
 * Every minute: ends the grants that expired (at their expiry), then checks each
 * running workspace that received data against what its owner may use now (grants now,
 * their groups as the catalog has them now). Those holding data without access are
 * listed for admins and, with policy `stop`, stopped with the reason (once).
 */
export class RevocationTask {
  constructor(
    private readonly options: {
      store: DataAccessStore;
      grants: GrantsService;
      directory: CatalogDirectory;
      workspaces: WorkspaceStopper;
      auth: AuthService;
      auditor: AuditorService;
      logger: LoggerService;
      policy: RevocationPolicy;
    },
  ) {}

  async run(): Promise<{ expired: number; held: HeldWithoutAccess[] }> {
    const { store, grants, directory, auditor, logger } = this.options;
    const now = grants.now();
    const expired = await store.endExpiredGrants(now);
    for (const grant of expired) {
      const event = await auditor.createEvent({
        eventId: 'data-access-grant-expire',
        severityLevel: 'medium',
        meta: { grantId: grant.id, source: grant.source, subject: grant.subject, expiresAt: grant.expiresAt },
      });
      await event.success();
    }

    const before = new Map(
      (await store.listHeld()).map(h => [`${h.workspaceId}|${h.source}`, h.action]),
    );
    const found: HeldWithoutAccess[] = [];
    const groupsByUser = new Map<string, string[]>();
    for (const launch of await store.listOpenLaunches()) {
      if (launch.sources.length === 0) continue;
      if (!groupsByUser.has(launch.user)) {
        // A person no longer in the catalog has no groups, so no group's access.
        groupsByUser.set(launch.user, (await directory.groupsOf(launch.user)) ?? []);
      }
      const held = await grants.accessOf([launch.user, ...groupsByUser.get(launch.user)!], now);
      for (const recorded of launch.sources) {
        const current = held.get(recorded.ref)?.access;
        const name = shortName(recorded.ref);
        let reason: string | undefined;
        if (!current) reason = `access to ${name} ended`;
        else if (recorded.access === 'read-write' && current === 'read') reason = `write access to ${name} ended`;
        if (!reason) continue;
        found.push({
          workspaceId: launch.workspaceId,
          user: launch.user,
          source: recorded.ref,
          sourceName: name,
          launchedAt: launch.launchedAt,
          reason,
          action: before.get(`${launch.workspaceId}|${recorded.ref}`) === 'stopped' ? 'stopped' : 'listed',
        });
      }
    }

    if (this.options.policy === 'stop') await this.stop(found);
    await store.replaceHeld(found);
    if (found.length > 0) {
      logger.info(`${found.length} data source(s) held by running workspaces without access`);
    }
    return { expired: expired.length, held: found };
  }

  /** Stops each workspace not stopped by an earlier run, with every reason it has. */
  private async stop(found: HeldWithoutAccess[]) {
    const byWorkspace = new Map<string, HeldWithoutAccess[]>();
    for (const h of found) byWorkspace.set(h.workspaceId, [...(byWorkspace.get(h.workspaceId) ?? []), h]);
    const credentials = await this.options.auth.getOwnServiceCredentials();
    for (const [workspaceId, items] of byWorkspace) {
      if (items.every(h => h.action === 'stopped')) continue;
      const reason = items.map(h => h.reason).join('; ');
      const event = await this.options.auditor.createEvent({
        eventId: 'data-access-revocation',
        severityLevel: 'high',
        meta: { workspaceId, user: items[0].user, sources: items.map(h => h.source), reason },
      });
      try {
        await this.options.workspaces.stopWorkspace(workspaceId, { reason }, { credentials });
        for (const h of items) h.action = 'stopped';
        await event.success();
      } catch (error) {
        // Listed for the admins; the next run tries again.
        this.options.logger.warn(`Could not stop workspace ${workspaceId} (${reason}): ${error}`);
        await event.fail({ error: error as Error });
      }
    }
  }
}
