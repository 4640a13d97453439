import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { utcDayStart, type PriceSheet } from '@internal/plugin-costs-common';
import type { CostsStore } from '../database/CostsStore';
import type { PriceList } from '../pricing';

const SHEETS_KEY = 'prices.sheets';
const PAGE = 500;

/** Sheets by effective date, as stored: the same sheets give the same text. */
const byDate = (sheets: readonly PriceSheet[]) =>
  new Map(sheets.map(s => [s.effectiveFrom, JSON.stringify(s)]));

/**
 * The first day whose price differs between two sets of sheets: the earliest effective
 * date of a sheet added, removed or changed. Undefined when they are the same.
 */
export function firstRepricedDay(
  before: readonly PriceSheet[],
  after: readonly PriceSheet[],
): string | undefined {
  const old = byDate(before);
  const now = byDate(after);
  const changed = [...new Set([...old.keys(), ...now.keys()])].filter(
    day => old.get(day) !== now.get(day),
  );
  return changed.sort()[0];
}

/**
 * One rule for all of history: every day is priced by the sheets configured now. Ended
 * sessions are priced when copied, so when the sheets differ from those of the last
 * start (a back-dated sheet, a corrected price), every session ended on or after the
 * first affected day is priced again and its days rebuilt, with an audit event. Open
 * sessions need nothing: reports price them at each call.
 */
export async function repriceIfSheetsChanged(options: {
  store: CostsStore;
  prices: PriceList;
  logger: LoggerService;
  auditor?: AuditorService;
}): Promise<{ fromDay?: string; sessions: number }> {
  const { store, prices, logger, auditor } = options;
  const stored = await store.getState(SHEETS_KEY);
  const sheets = [...prices.sheets];
  // Before any record of the sheets, no one knows what the stored days were priced by.
  const fromDay = stored
    ? firstRepricedDay(JSON.parse(stored), sheets)
    : '1970-01-01';
  if (fromDay === undefined) return { sessions: 0 };

  const event = await auditor?.createEvent({
    eventId: 'costs-reprice',
    severityLevel: 'medium',
    meta: { fromDay },
  });
  try {
    let sessions = 0;
    let afterId: string | undefined;
    for (;;) {
      const page = await store.listSessionsEndedSince(
        utcDayStart(fromDay),
        afterId,
        PAGE,
      );
      if (page.length === 0) break;
      await store.upsertSessions(page);
      sessions += page.length;
      afterId = page[page.length - 1].id;
    }
    await store.setState(SHEETS_KEY, JSON.stringify(sheets));
    await event?.success({ meta: { fromDay, sessions } });
    if (sessions > 0) {
      logger.info(
        `Price sheets changed from ${fromDay}: repriced ${sessions} sessions`,
      );
    }
    return { fromDay, sessions };
  } catch (error) {
    await event?.fail({ error: error as Error });
    throw error;
  }
}
