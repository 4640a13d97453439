import { utcDayStart, type CostDimension } from '@internal/plugin-costs-common';
import type {
  DailyRow,
  MeteredSession,
  UsageFilter,
} from '../database/CostsStore';
import type { PriceList } from '../pricing';

/** Running workspaces in reports: priced at each call, up to now (not rolled up). */

/** The keys a session counts under when grouped by `dimension` ('' when it has none). */
export function keysOf(
  session: MeteredSession,
  dimension: CostDimension,
  filter: UsageFilter,
): string[] {
  switch (dimension) {
    case 'user':
      return [session.owner];
    case 'project':
      return [session.project ?? ''];
    case 'profile':
      return [session.profile];
    case 'group': {
      const groups = filter.group
        ? [filter.group]
        : [...new Set(session.groups)];
      return groups.length ? groups : [''];
    }
    default:
      return [];
  }
}

/**
 * Open sessions priced up to now over [fromDay, toDay), by day (or summed by month):
 * with 2,000 running workspaces a month is 60,000 day slices, so a month report
 * gets one row per session and month rather than one per slice.
 */
export function openFigures(
  prices: PriceList,
  now: number,
  query: {
    fromDay: string;
    toDay: string;
    groupBy: CostDimension;
    filter: UsageFilter;
    period?: 'day' | 'month';
  },
  open: MeteredSession[],
): DailyRow[] {
  const fromMs = utcDayStart(query.fromDay);
  const toMs = utcDayStart(query.toDay);
  const rows: DailyRow[] = [];
  for (const session of open) {
    const slices = prices.slice(
      { ...session, startMs: Date.parse(session.startedAt), endMs: now },
      fromMs,
      toMs,
    );
    const points = new Map<string, { micros: number; ms: number }>();
    for (const slice of slices) {
      const date = query.period === 'month' ? slice.day.slice(0, 7) : slice.day;
      const point = points.get(date) ?? { micros: 0, ms: 0 };
      point.micros += slice.amountMicros;
      point.ms += slice.durationMs;
      points.set(date, point);
    }
    for (const key of keysOf(session, query.groupBy, query.filter)) {
      for (const [day, point] of points) {
        rows.push({
          day,
          key,
          amountMicros: point.micros,
          durationMs: point.ms,
          demo: Boolean(session.demo),
        });
      }
    }
  }
  return rows;
}
