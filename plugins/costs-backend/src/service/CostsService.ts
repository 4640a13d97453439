import { InputError } from '@backstage/errors';
import { quote } from '@internal/backend-route-kit';
import {
  formatMoney,
  monthBounds,
  utcDay,
  utcDayStart,
  type CostDimension,
  type CostReport,
  type CostSeries,
  type IdleWasteResponse,
  type PricesResponse,
} from '@internal/plugin-costs-common';
import {
  profileResources,
  resolveOptions,
  type WorkspaceProfile,
} from '@internal/plugin-workspaces-common';
import type {
  CostsStore,
  DailyRow,
  MeteredSession,
  UsageFilter,
} from '../database/CostsStore';
import { toHours, toMoney, type PriceList } from '../pricing';
import type { CostsConfig } from './config';
import type { EntityDirectory } from './EntityDirectory';
import { groupOverlaps, withOverlaps } from './groupOverlaps';
import { openFigures } from './openFigures';

const MS_PER_DAY = 86_400_000;
/** The forecast extrapolates the spend of this many last days (fewer early in a month). */
const FORECAST_WINDOW_DAYS = 7;

/** What a workspace holds, as a price sheet prices it. */
export interface WorkspaceResources {
  cpu: number;
  memoryGiB: number;
  gpu: number;
  gpuType?: string;
}

export interface ReportQuery {
  from: string;
  to: string;
  groupBy: CostDimension;
  interval: 'day' | 'month';
  filter: UsageFilter;
}

/** A profile's default options; none when its options are malformed (workspaces says so). */
function defaultOptions(profile: WorkspaceProfile): Record<string, string> {
  try {
    return resolveOptions(profile);
  } catch {
    return {};
  }
}

/**
 * Costs from the metered sessions: reports, spend and forecasts, prices, estimates, idle
 * waste. Ended sessions come from the daily rollups; open ones are priced up to now at
 * each call. Budgets and quotas have their own services.
 */
export class CostsService {
  constructor(
    private readonly options: {
      store: CostsStore;
      prices: PriceList;
      config: CostsConfig;
      directory: EntityDirectory;
      /** For tests: the clock. */
      now?: () => Date;
    },
  ) {}

  get currency() {
    return this.options.config.currency;
  }

  nowMs(): number {
    return (this.options.now ?? (() => new Date()))().getTime();
  }

  money(amount: number) {
    return formatMoney(amount, this.currency);
  }

  /**
   * Figures by UTC day and key over [from, to): the rollups of ended sessions plus open
   * sessions priced up to now.
   */
  async dailyFigures(query: {
    fromDay: string;
    toDay: string;
    groupBy: CostDimension;
    filter: UsageFilter;
    /** 'month': rows come summed by month ('YYYY-MM' as their day). */
    period?: 'day' | 'month';
    /** The open sessions matching the filter, when the caller has them already. */
    open?: MeteredSession[];
  }): Promise<DailyRow[]> {
    const { store } = this.options;
    const toMs = utcDayStart(query.toDay);
    const [rows, open] = await Promise.all([
      store.queryDaily(query),
      query.open ?? store.listOpenSessions(query.filter, toMs),
    ]);
    rows.push(...openFigures(this.options.prices, this.nowMs(), query, open));
    return rows;
  }

  /** Total micro-units, milliseconds and whether any is demo data, over [fromMs, toMs). */
  async spend(filter: UsageFilter, fromMs: number, toMs: number) {
    const rows = await this.dailyFigures({
      fromDay: utcDay(fromMs),
      toDay: utcDay(toMs),
      groupBy: filter.group ? 'group' : 'user',
      filter,
      period: 'month',
    });
    return rows.reduce(
      (acc, r) => ({
        micros: acc.micros + r.amountMicros,
        ms: acc.ms + r.durationMs,
        demo: acc.demo || r.demo,
      }),
      { micros: 0, ms: 0, demo: false },
    );
  }

  async report(query: ReportQuery): Promise<CostReport> {
    // Read once: the figures, the total and the shared spend all price them.
    const open = await this.options.store.listOpenSessions(
      query.filter,
      utcDayStart(query.to),
    );
    const rows = await this.dailyFigures({
      fromDay: query.from,
      toDay: query.to,
      groupBy: query.groupBy,
      filter: query.filter,
      period: query.interval,
      open,
    });
    let series = await this.toSeries(rows, query.groupBy, query.interval);
    let totalMicros = rows.reduce((sum, r) => sum + r.amountMicros, 0);
    if (query.groupBy === 'group' && !query.filter.group) {
      // A session counts in each group of its owner: the total counts it once, as any
      // dimension with one key per session does. Profiles are the fewest month rows;
      // a filter on one dimension is answered from the month rollups by that one.
      const given = (['user', 'project', 'profile'] as const).filter(
        d => query.filter[d] !== undefined,
      );
      // Two independent reads: side by side on PostgreSQL's pool.
      const [totalRows, overlaps] = await Promise.all([
        this.dailyFigures({
          fromDay: query.from,
          toDay: query.to,
          groupBy: given.length === 1 ? given[0] : 'profile',
          filter: query.filter,
          period: 'month',
          open,
        }),
        groupOverlaps({
          ...this.options,
          nowMs: this.nowMs(),
          fromDay: query.from,
          toDay: query.to,
          filter: query.filter,
          open,
        }),
      ]);
      totalMicros = totalRows.reduce((sum, r) => sum + r.amountMicros, 0);
      const others = [...overlaps.values()].flatMap(m => [...m.keys()]);
      const labels = await this.labels([...new Set(others)], 'group');
      series = withOverlaps(series, overlaps, labels);
    }
    return {
      currency: this.currency,
      from: query.from,
      to: query.to,
      interval: query.interval,
      groupBy: query.groupBy,
      total: toMoney(totalMicros),
      series,
      demo: rows.some(r => r.demo),
      generatedAt: new Date(this.nowMs()).toISOString(),
    };
  }

  /** Series by key, sorted by total (largest first), points in date order. */
  async toSeries(
    rows: DailyRow[],
    groupBy: CostDimension,
    interval: 'day' | 'month',
  ): Promise<CostSeries[]> {
    const byKey = new Map<
      string,
      {
        micros: number;
        ms: number;
        points: Map<string, { micros: number; ms: number }>;
      }
    >();
    for (const row of rows) {
      const date = interval === 'month' ? row.day.slice(0, 7) : row.day;
      let entry = byKey.get(row.key);
      if (!entry) {
        entry = { micros: 0, ms: 0, points: new Map() };
        byKey.set(row.key, entry);
      }
      entry.micros += row.amountMicros;
      entry.ms += row.durationMs;
      const point = entry.points.get(date) ?? { micros: 0, ms: 0 };
      point.micros += row.amountMicros;
      point.ms += row.durationMs;
      entry.points.set(date, point);
    }
    const labels = await this.labels([...byKey.keys()], groupBy);
    return [...byKey.entries()]
      .map(([key, entry]) => ({
        key,
        label: labels.get(key) ?? key,
        total: toMoney(entry.micros),
        hours: toHours(entry.ms),
        points: [...entry.points.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([date, p]) => ({
            date,
            amount: toMoney(p.micros),
            hours: toHours(p.ms),
          })),
      }))
      .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
  }

  private async labels(
    keys: string[],
    groupBy: CostDimension,
  ): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (groupBy === 'profile') {
      for (const key of keys) {
        out.set(
          key,
          this.options.config.profiles.find(p => p.slug === key)
            ?.display_name ?? key,
        );
      }
      return out;
    }
    const none = { user: 'Nobody', group: 'No group', project: 'No project' }[
      groupBy
    ];
    if (keys.includes('')) out.set('', none);
    try {
      const found = await this.options.directory.labels(keys.filter(Boolean));
      for (const [k, v] of found) out.set(k, v);
    } catch {
      // Labels are a nicety: without the catalog, refs are shown as they are.
    }
    return out;
  }

  /** Hourly price of every workspace profile (default options) under today's sheet. */
  prices(): PricesResponse {
    const now = this.nowMs();
    return {
      currency: this.currency,
      sheets: [...this.options.prices.sheets],
      profiles: this.options.config.profiles.map(profile => {
        const resources = profileResources(profile, defaultOptions(profile));
        return {
          profile: profile.slug,
          displayName: profile.display_name,
          hourly: this.options.prices.hourly(resources, profile.slug, now),
        };
      }),
    };
  }

  /** What a workspace of `profile` with `resources` costs an hour now. */
  hourly(profile: string, resources: WorkspaceResources): number {
    return this.options.prices.hourly(resources, profile, this.nowMs());
  }

  /** The hourly price of a workspace someone is about to start: of a known profile. */
  estimate(profile: string, resources: WorkspaceResources) {
    const { profiles } = this.options.config;
    if (!profiles.some(p => p.slug === profile)) {
      throw new InputError(
        `There is no profile ${quote(profile)}: choose one of ${
          profiles.map(p => p.slug).join(', ') || '(none configured)'
        }`,
      );
    }
    return { currency: this.currency, hourly: this.hourly(profile, resources) };
  }

  /**
   * Spend in a month, and a linear forecast for the whole month: what is spent plus the
   * average spend per hour of the last 7 days (fewer early in the month, counting today
   * so far) times the time left. A past month's forecast is its spend.
   */
  async spendAndForecast(filter: UsageFilter, month: string) {
    const { start, end } = monthBounds(month);
    const now = this.nowMs();
    const spent = await this.spend(filter, start, end);
    let forecastMicros = spent.micros;
    if (now > start && now < end) {
      const todayStart = Math.floor(now / MS_PER_DAY) * MS_PER_DAY;
      const windowStart = Math.max(
        start,
        todayStart - (FORECAST_WINDOW_DAYS - 1) * MS_PER_DAY,
      );
      const recent = await this.spend(filter, windowStart, end);
      const rate = recent.micros / (now - windowStart);
      forecastMicros = spent.micros + Math.round(rate * (end - now));
    }
    return { ...spent, forecastMicros };
  }

  /** Sessions that ended idle in [from, to): what their idle tail cost. */
  async idleWaste(fromDay: string, toDay: string): Promise<IdleWasteResponse> {
    const sessions = await this.options.store.listIdleEndedSessions(
      utcDayStart(fromDay),
      utcDayStart(toDay),
    );
    const rows = sessions
      .map(s => {
        const endMs = Date.parse(s.endedAt!);
        const startMs = Date.parse(s.startedAt);
        const idleMs = Math.min(s.idleSeconds! * 1000, endMs - startMs);
        const micros = this.options.prices
          .slice({ ...s, startMs: endMs - idleMs, endMs })
          .reduce((sum, slice) => sum + slice.amountMicros, 0);
        return {
          micros,
          row: {
            workspaceId: s.workspaceId,
            ...(s.workspaceName ? { workspaceName: s.workspaceName } : {}),
            user: s.owner,
            ...(s.project ? { project: s.project } : {}),
            profile: s.profile,
            idleHours: toHours(idleMs),
            cost: toMoney(micros),
            endedAt: s.endedAt!,
          },
        };
      })
      .sort((a, b) => b.micros - a.micros);
    return {
      currency: this.currency,
      total: toMoney(rows.reduce((sum, r) => sum + r.micros, 0)),
      rows: rows.map(r => r.row),
    };
  }
}
