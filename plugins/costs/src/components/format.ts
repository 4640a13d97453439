import { ResponseError } from '@backstage/errors';
import type { CostDimension } from '@internal/plugin-costs-common';
import type { CostReportQuery, DateRange } from '../api';
import { errorMessage } from '@internal/frontend-kit';

/** Money as the response's currency says, rounded to cents only here, for display. */
export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en', {
      style: 'currency',
      currency,
    }).format(amount);
  } catch {
    // A currency code Intl does not know (a typo in costs.currency) still shows.
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/** Short money for chart axes: "$1.2K". */
export function formatMoneyCompact(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en', {
      style: 'currency',
      currency,
      notation: 'compact',
      maximumFractionDigits: 1,
    }).format(amount);
  } catch {
    return `${amount.toFixed(0)} ${currency}`;
  }
}

const decimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/** Hours, cores, GiB: at most one decimal. */
export function formatNumber(value: number): string {
  return decimal.format(value);
}

export function formatPercent(percent: number): string {
  return `${Math.round(percent)}%`;
}

/** `user:default/ada` -> `ada`; refs outside the default namespace stay whole. */
export function shortRef(ref: string): string {
  return ref.replace(/^[a-z]+:default\//i, '');
}

/** `group:default/team-vision` -> "group"; a ref without a kind -> undefined. */
export function refKind(ref: string): string | undefined {
  const match = /^([a-z]+):/i.exec(ref);
  return match ? match[1].toLocaleLowerCase('en-US') : undefined;
}

/** The ranges the pickers offer. */
export type RangePreset =
  | 'this-month'
  | 'last-30-days'
  | 'last-3-months'
  | 'last-12-months';

export const RANGE_PRESETS: Array<{ value: RangePreset; label: string }> = [
  { value: 'this-month', label: 'This month' },
  { value: 'last-30-days', label: 'Last 30 days' },
  { value: 'last-3-months', label: 'Last 3 months' },
  { value: 'last-12-months', label: 'Last 12 months' },
];

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

function utcDay(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month, day));
}

/**
 * The dates of a preset (UTC, as the backend counts days), `to` exclusive: every
 * range ends with today, so today's running workspaces count. Ranges of months start
 * on the first of a month; twelve months are reported by month, the rest by day.
 */
export function presetRange(
  preset: RangePreset,
  now = new Date(),
): DateRange & { interval: 'day' | 'month' } {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const today = now.getUTCDate();
  const to = isoDay(utcDay(year, month, today + 1));
  switch (preset) {
    case 'last-30-days':
      return {
        from: isoDay(utcDay(year, month, today - 29)),
        to,
        interval: 'day',
      };
    case 'last-3-months':
      return { from: isoDay(utcDay(year, month - 2, 1)), to, interval: 'day' };
    case 'last-12-months':
      return {
        from: isoDay(utcDay(year, month - 11, 1)),
        to,
        interval: 'month',
      };
    case 'this-month':
    default:
      return { from: isoDay(utcDay(year, month, 1)), to, interval: 'day' };
  }
}

/** `YYYY-MM` of a date, UTC. */
export function monthOf(date = new Date()): string {
  return date.toISOString().slice(0, 7);
}

/** The last `count` months, newest first, as `YYYY-MM`. */
export function recentMonths(count: number, now = new Date()): string[] {
  return Array.from({ length: count }, (_, i) =>
    monthOf(utcDay(now.getUTCFullYear(), now.getUTCMonth() - i, 1)),
  );
}

/** `2026-11` -> "November 2026". */
export function formatMonth(month: string): string {
  const [year, m] = month.split('-').map(Number);
  if (!year || !m) return month;
  return utcDay(year, m - 1, 1).toLocaleDateString('en', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** A chart tick: `2026-11-05` -> "Nov 5", `2026-11` -> "Nov 2026". */
export function formatBucket(bucket: string): string {
  const [year, month, day] = bucket.split('-').map(Number);
  if (!year || !month) return bucket;
  const date = utcDay(year, month - 1, day || 1);
  return date.toLocaleDateString(
    'en',
    day
      ? { month: 'short', day: 'numeric', timeZone: 'UTC' }
      : { month: 'short', year: 'numeric', timeZone: 'UTC' },
  );
}

/** Every day (or month) bucket from `from` up to, not including, `to`. */
export function buckets(range: DateRange, interval: 'day' | 'month'): string[] {
  const [fy, fm, fd] = range.from.split('-').map(Number);
  const end = new Date(`${range.to}T00:00:00Z`).getTime();
  const out: string[] = [];
  // A cap keeps a malformed range from looping for long.
  for (let i = 0; out.length < 1000; i++) {
    const date =
      interval === 'day'
        ? utcDay(fy, fm - 1, fd + i)
        : utcDay(fy, fm - 1 + i, 1);
    if (date.getTime() >= end) break;
    out.push(interval === 'day' ? isoDay(date) : monthOf(date));
  }
  return out;
}

export const DIMENSION_LABELS: Record<CostDimension, string> = {
  user: 'Person',
  group: 'Group',
  project: 'Project',
  profile: 'Profile',
};

/** The file name of a report's CSV download. */
export function reportFileName(query: CostReportQuery): string {
  return `atrium-costs-by-${query.groupBy}-${query.from}-to-${query.to}.csv`;
}

/** The HTTP status of a failed request, if it got an answer. */
export function errorStatus(error: unknown): number | undefined {
  return ResponseError.is(error) ? error.statusCode : undefined;
}

/**
 * The title of a failed load, with what to do next: the backend's own message for a
 * refusal or a bad query; for an answer that never came (network, 5xx), retry or
 * DevOps.
 */
export function loadErrorTitle(what: string, error: unknown): string {
  const status = errorStatus(error);
  if (status === undefined || status >= 500) {
    return `The costs backend did not answer ${what} (${errorMessage(
      error,
    )}): retry, or ask DevOps to check the portal's logs`;
  }
  // A 404 without Backstage's error body: no costs plugin answers at /api/costs.
  if (status === 404 && /^Request failed/.test(errorMessage(error))) {
    return `The costs backend is not installed in this portal: ask DevOps to add @internal/plugin-costs-backend`;
  }
  return `Could not load ${what}: ${errorMessage(error)}`;
}
