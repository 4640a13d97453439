import type { LoggerService } from '@backstage/backend-plugin-api';
import type { WorkspacesApi } from '@internal/plugin-workspaces-node';
import type { CostsStore } from '../database/CostsStore';

const CURSOR_KEY = 'meter.cursor';
/** How long one page of sessions may take to come. */
const PAGE_TIMEOUT_MS = 30_000;
/** Sessions changed this long before the last run are asked for again (clock skew, slow commits). */
const OVERLAP_MS = 5 * 60_000;
const PAGE_SIZE = 500;

/**
 * Copies usage sessions from the workspaces plugin (its service-only route) into the
 * costs store. Idempotent: a session is re-read whenever it may have changed, and
 * upserting it again rewrites its slices and the days it touches.
 */
export class Metering {
  constructor(
    private readonly options: {
      store: CostsStore;
      /** The workspaces backend (its service-only usage-sessions route). */
      workspaces: WorkspacesApi;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  async run(): Promise<{ sessions: number }> {
    const { store, workspaces } = this.options;
    const runStart = (this.options.now ?? (() => new Date()))();
    const cursor = await store.getState(CURSOR_KEY);
    // A session still open here may have been closed with an end time before the last
    // run (the hub reconcile backdates it): ask from its start so it is seen again.
    const open = (await store.listOpenSessions()).filter(s => !s.demo);
    const sinceMs = Math.min(
      cursor ? Date.parse(cursor) - OVERLAP_MS : 0,
      ...open.map(s => Date.parse(s.startedAt)),
    );
    const since = new Date(Math.max(0, sinceMs)).toISOString();
    let after: string | undefined;
    let count = 0;
    do {
      const page = await workspaces.listUsageSessions(
        { since, limit: PAGE_SIZE, ...(after ? { after } : {}) },
        { signal: AbortSignal.timeout(PAGE_TIMEOUT_MS) },
      );
      await store.upsertSessions(page.items);
      count += page.items.length;
      after = page.nextAfter;
    } while (after);
    await store.setState(CURSOR_KEY, runStart.toISOString());
    return { sessions: count };
  }
}
