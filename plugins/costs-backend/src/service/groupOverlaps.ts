import { utcDayStart, type CostSeries } from '@internal/plugin-costs-common';
import type {
  CostsStore,
  MeteredSession,
  UsageFilter,
} from '../database/CostsStore';
import { toMoney, type PriceList } from '../pricing';

/** By group, by other group: spend counted in both rows of a report by group. */
export type GroupOverlaps = Map<string, Map<string, number>>;

function add(out: GroupOverlaps, group: string, other: string, micros: number) {
  if (micros === 0) return;
  const row = out.get(group) ?? new Map<string, number>();
  row.set(other, (row.get(other) ?? 0) + micros);
  out.set(group, row);
}

/**
 * Spend that a report by group shows in more than one row over [fromDay, toDay): a
 * session counts in full for each group of its owner. Ended sessions come from the
 * store; open ones are priced up to `nowMs`, as the report prices them.
 */
export async function groupOverlaps(options: {
  store: CostsStore;
  prices: PriceList;
  nowMs: number;
  fromDay: string;
  toDay: string;
  filter: UsageFilter;
  /** The open sessions matching the filter, when the caller has them already. */
  open?: MeteredSession[];
}): Promise<GroupOverlaps> {
  const { store, prices, nowMs, fromDay, toDay, filter } = options;
  const out: GroupOverlaps = new Map();
  for (const row of await store.queryGroupOverlaps({
    fromDay,
    toDay,
    filter,
  })) {
    add(out, row.group, row.other, row.amountMicros);
  }
  const open =
    options.open ?? (await store.listOpenSessions(filter, utcDayStart(toDay)));
  for (const session of open) {
    const groups = [...new Set(session.groups)];
    if (groups.length < 2) continue;
    const micros = prices
      .slice(
        { ...session, startMs: Date.parse(session.startedAt), endMs: nowMs },
        utcDayStart(fromDay),
        utcDayStart(toDay),
      )
      .reduce((sum, slice) => sum + slice.amountMicros, 0);
    for (const group of groups) {
      for (const other of groups) {
        if (other !== group) add(out, group, other, micros);
      }
    }
  }
  return out;
}

/** The series with what each also shares with other rows, largest first. */
export function withOverlaps(
  series: CostSeries[],
  overlaps: GroupOverlaps,
  labels: Map<string, string>,
): CostSeries[] {
  return series.map(s => {
    const shared = overlaps.get(s.key);
    if (!shared || shared.size === 0) return s;
    return {
      ...s,
      alsoCountedIn: [...shared.entries()]
        .sort(([ka, a], [kb, b]) => b - a || ka.localeCompare(kb))
        .map(([key, micros]) => ({
          key,
          label: labels.get(key) ?? key,
          amount: toMoney(micros),
        })),
    };
  });
}
