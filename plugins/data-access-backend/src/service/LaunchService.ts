import type {
  LaunchDataPreview,
  SignedLaunchData,
} from '@internal/plugin-data-access-common';
import type { LaunchDataRequest } from '@internal/plugin-data-access-node';
import { randomUUID } from 'node:crypto';
import type { DataAccessStore } from '../database/DataAccessStore';
import type { GrantsService } from './GrantsService';
import { signLaunchData, toLaunchDataSource } from './launchData';
import { sourcePage, type DataAccessNotifier } from './notifier';

/** What the launch dialog says when the portal has no key to sign with. */
export const NO_SIGNING_KEY_REASON =
  'the hub is not set up for data access (dataAccess.launchSigningKey)';

/**
 * What a launch receives: the data its owner may use now (through their groups at this
 * moment), or, reproducing a workspace, that workspace's recorded data at the recorded
 * snapshots where the person still has access, the rest withheld with why.
 */
export class LaunchService {
  constructor(
    private readonly options: {
      store: DataAccessStore;
      grants: GrantsService;
      /** Absent: launches get no data (the hook would refuse an unsigned list). */
      signingKey?: string;
      /** Tells the person what a reproduction started without (absent in some tests). */
      notifier?: DataAccessNotifier;
    },
  ) {}

  async preview(request: LaunchDataRequest): Promise<LaunchDataPreview> {
    const now = this.options.grants.now();
    const held = await this.options.grants.accessOf([request.user, ...request.groups], now);
    const withheld: LaunchDataPreview['withheld'] = [];
    const snapshots = new Map<string, string | undefined>();
    if (request.reproducedFrom) {
      const original = await this.options.store.lastLaunchOf(request.reproducedFrom);
      for (const recorded of original?.sources ?? []) {
        if (held.has(recorded.ref)) {
          snapshots.set(recorded.ref, recorded.snapshot);
        } else {
          const name = recorded.ref.replace(/^[^/]*\//, '');
          withheld.push({ ref: recorded.ref, name, reason: `you no longer have access to ${name}` });
        }
      }
    }
    let sources = [...held.values()]
      .sort((a, b) => a.indexed.source.name.localeCompare(b.indexed.source.name))
      .map(({ indexed, access }) =>
        toLaunchDataSource(
          indexed.source,
          access,
          snapshots.has(indexed.source.ref)
            ? snapshots.get(indexed.source.ref)
            : indexed.source.spec.snapshot,
        ),
      );
    if (!this.options.signingKey && sources.length > 0) {
      withheld.push(...sources.map(s => ({ ref: s.ref, name: s.name, reason: NO_SIGNING_KEY_REASON })));
      sources = [];
    }
    return { sources, withheld };
  }

  /** The preview, recorded for the workspace, and signed for the hub when any data is given. */
  async record(
    request: LaunchDataRequest,
  ): Promise<LaunchDataPreview & { signed?: SignedLaunchData }> {
    const preview = await this.preview(request);
    const now = this.options.grants.now();
    await this.tellWithheld(request, preview.withheld);
    await this.options.store.recordLaunch({
      id: randomUUID(),
      workspaceId: request.workspaceId,
      user: request.user,
      sources: preview.sources.map(s => ({
        ref: s.ref,
        access: s.access,
        ...(s.snapshot ? { snapshot: s.snapshot } : {}),
      })),
      launchedAt: now.toISOString(),
      endedAt: null,
    });
    if (preview.sources.length === 0 || !this.options.signingKey) return preview;
    const signed = signLaunchData(
      { user: request.hubUser, server: request.server, sources: preview.sources },
      this.options.signingKey,
      now,
    );
    return { ...preview, signed };
  }

  /**
   * A reproduction runs without the data its original had and the person may no longer
   * use: the launch goes on (the rest of the work can be reproduced), and the person
   * learns what is missing and where to ask for it again, even when started without
   * the launch dialog (a result's Reproduce button).
   */
  private async tellWithheld(
    request: LaunchDataRequest,
    withheld: LaunchDataPreview['withheld'],
  ): Promise<void> {
    if (!request.reproducedFrom || withheld.length === 0 || !this.options.notifier) return;
    const names = withheld.map(w => w.name).join(', ');
    await this.options.notifier.notify([request.user], {
      topic: 'data-access-launch',
      title: `Workspace ${request.server} started without ${names}`,
      description: `${withheld.map(w => `${w.name}: ${w.reason}`).join('; ')}. Request access again on the data source's page, then restart the workspace.`,
      link: sourcePage(withheld[0].ref),
    });
  }

  async end(workspaceId: string): Promise<void> {
    await this.options.store.endLaunches(workspaceId, this.options.grants.now().toISOString());
  }
}
