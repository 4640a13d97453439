import type { PriceSheet } from './api';

/** What a workspace holds while it runs, as priced. @public */
export interface PricedResources {
  cpu: number;
  memoryGiB: number;
  gpu: number;
  /** The GPU's extra resource name (e.g. 'nvidia.com/gpu'); 'default' prices it when unknown. */
  gpuType?: string;
}

const MS_PER_DAY = 86_400_000;

/** `2026-11-01` -> the instant 2026-11-01T00:00:00Z, in ms. @public */
export function utcDayStart(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/**
 * The sheet in force at an instant: the latest whose `effectiveFrom` is at or before it.
 * Before the first sheet the first one applies, so usage recorded before prices were
 * configured is not free. `sheets` need not be sorted. @public
 */
export function sheetInForce(
  sheets: readonly PriceSheet[],
  at: number | Date | string,
): PriceSheet | undefined {
  const t = typeof at === 'number' ? at : new Date(at).getTime();
  let best: PriceSheet | undefined;
  let first: PriceSheet | undefined;
  for (const sheet of sheets) {
    const from = utcDayStart(sheet.effectiveFrom);
    if (!first || from < utcDayStart(first.effectiveFrom)) first = sheet;
    if (from <= t && (!best || from > utcDayStart(best.effectiveFrom))) {
      best = sheet;
    }
  }
  return best ?? first;
}

/**
 * The hourly price of a workspace under one sheet: cores, GiB and GPUs at the sheet's
 * rates, plus the profile's flat hourly price if the sheet sets one. @public
 */
export function hourlyRate(
  sheet: PriceSheet,
  resources: PricedResources,
  profile?: string,
): number {
  const gpuPrice =
    resources.gpu > 0
      ? sheet.gpuHour[resources.gpuType ?? 'default'] ??
        sheet.gpuHour.default ??
        0
      : 0;
  return (
    resources.cpu * sheet.cpuCoreHour +
    resources.memoryGiB * sheet.memoryGiBHour +
    resources.gpu * gpuPrice +
    (profile !== undefined ? sheet.profileHourly?.[profile] ?? 0 : 0)
  );
}

/** An amount of money for people: `$0.42`, `$1,204.50` (rounded to cents here only). @public */
export function formatMoney(amount: number, currency: string): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(amount);
}

/** The UTC month (YYYY-MM) of an instant. @public */
export function utcMonth(at: number | Date): string {
  return new Date(at).toISOString().slice(0, 7);
}

/** The UTC day (YYYY-MM-DD) of an instant. @public */
export function utcDay(at: number | Date): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** First instant of a UTC month and of the month after it, in ms. @public */
export function monthBounds(month: string): { start: number; end: number } {
  const [year, m] = month.split('-').map(Number);
  return { start: Date.UTC(year, m - 1, 1), end: Date.UTC(year, m, 1) };
}

/** Days between two instants, as a fraction. @public */
export function daysBetween(from: number, to: number): number {
  return (to - from) / MS_PER_DAY;
}
