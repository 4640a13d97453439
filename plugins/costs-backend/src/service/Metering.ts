import type { LoggerService } from '@backstage/backend-plugin-api';
import type { WorkspacesApi } from '@internal/plugin-workspaces-node';
import { randomUUID } from 'node:crypto';
import type { CostsStore } from '../database/CostsStore';

/** The high-water mark: when the last complete run started (the costs store's state). */
export const METER_MARK_KEY = 'meter.updatedSince';
/** Held by the run in progress, so that an overlapping run (a tick after a timeout) waits. */
export const METER_LEASE_KEY = 'meter.lease';
/** How long one page of sessions may take to come. */
const PAGE_TIMEOUT_MS = 30_000;
/**
 * Sessions changed this long before the last run's start are asked for again: the
 * workspaces store stamps a change before its transaction commits, and clocks differ.
 */
const OVERLAP_MS = 5 * 60_000;
/** A run renews its lease with every page; one that died frees it after this long. */
const LEASE_MS = 2 * 60_000;
const PAGE_SIZE = 500;

export type MeteringRun = {
  /** Sessions copied. */
  sessions: number;
  /** Pages asked for. */
  pages: number;
  /** Stopped by the abort signal between pages: the mark stays where it was. */
  aborted?: boolean;
  /** Another run holds the lease: this one copied nothing. */
  skipped?: boolean;
};

/**
 * Copies usage sessions from the workspaces plugin (its service-only route) into the
 * costs store, incrementally: only sessions opened or closed since the last complete
 * run (by the workspaces store's change time), so a workspace left running for months
 * costs nothing per run. Open sessions are priced to now by the reports, not here.
 * Idempotent: upserting a session again rewrites its slices and the days it touches.
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

  async run(signal?: AbortSignal): Promise<MeteringRun> {
    const { store, workspaces, logger } = this.options;
    const runStart = (this.options.now ?? (() => new Date()))();
    const holder = randomUUID();
    if (!(await store.claimLease(METER_LEASE_KEY, holder, LEASE_MS))) {
      logger.info('Costs metering: another run is copying, skipped');
      return { sessions: 0, pages: 0, skipped: true };
    }
    try {
      const mark = await store.getState(METER_MARK_KEY);
      const updatedSince = new Date(
        mark ? Math.max(0, Date.parse(mark) - OVERLAP_MS) : 0,
      ).toISOString();
      let after: string | undefined;
      let sessions = 0;
      let pages = 0;
      do {
        // Between pages: what is copied stays copied, the next run starts from the mark.
        if (signal?.aborted) return { sessions, pages, aborted: true };
        const timeout = AbortSignal.timeout(PAGE_TIMEOUT_MS);
        const page = await workspaces.listUsageSessions(
          { updatedSince, limit: PAGE_SIZE, ...(after ? { after } : {}) },
          { signal: signal ? AbortSignal.any([signal, timeout]) : timeout },
        );
        pages += 1;
        await store.upsertSessions(page.items);
        sessions += page.items.length;
        after = page.nextAfter;
        if (after) await store.claimLease(METER_LEASE_KEY, holder, LEASE_MS);
      } while (after);
      // The mark only moves forward (a run that started earlier never sets it back).
      const latest = await store.getState(METER_MARK_KEY);
      if (!latest || latest < runStart.toISOString()) {
        await store.setState(METER_MARK_KEY, runStart.toISOString());
      }
      return { sessions, pages };
    } finally {
      await store.releaseLease(METER_LEASE_KEY, holder);
    }
  }
}
