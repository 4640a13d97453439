import {
  hourlyRate,
  utcDay,
  utcDayStart,
  type PriceSheet,
  type PricedResources,
} from '@internal/plugin-costs-common';

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
/** Money is kept in integer micro-units of the currency. */
export const MICROS = 1_000_000;

/**
 * `utcDay` by day number, remembered: reports price every running workspace day by day
 * at each call (2,000 of them are 60,000 slices a month), and formatting a date is most
 * of a slice's cost.
 */
const dayNames = new Map<number, string>();
function dayOf(t: number): string {
  const n = Math.floor(t / MS_PER_DAY);
  let name = dayNames.get(n);
  if (name === undefined) {
    if (dayNames.size > 100_000) dayNames.clear();
    name = utcDay(n * MS_PER_DAY);
    dayNames.set(n, name);
  }
  return name;
}

/** What a part of a session on one UTC day cost. */
export interface DaySlice {
  day: string;
  durationMs: number;
  amountMicros: number;
}

/** What a priced interval is about: resources and profile over [startMs, endMs). */
export interface PricedUsage extends PricedResources {
  profile: string;
  startMs: number;
  endMs: number;
}

/**
 * The configured price sheets. Sheets take effect at 00:00 UTC of their date, so cutting
 * a session at every UTC midnight also cuts it at every price change: each slice has one
 * sheet, the one in force when it was incurred.
 */
export class PriceList {
  readonly sheets: readonly PriceSheet[];
  /** When each sheet starts, in ms: parsing dates per slice cost ~8 µs a slice (#16). */
  private readonly starts: number[];

  constructor(sheets: PriceSheet[]) {
    this.sheets = [...sheets].sort((a, b) =>
      a.effectiveFrom.localeCompare(b.effectiveFrom),
    );
    this.starts = this.sheets.map(s => utcDayStart(s.effectiveFrom));
  }

  /** `sheetInForce` over the sorted sheets: the last one started by `at`, else the first. */
  sheetAt(at: number): PriceSheet {
    let found = this.sheets.length ? this.sheets[0] : undefined;
    for (let i = 1; i < this.sheets.length; i++) {
      // Equal dates keep the first (as sheetInForce does).
      if (this.starts[i] <= at && this.starts[i] > this.starts[i - 1]) {
        found = this.sheets[i];
      }
    }
    return (
      found ?? {
        effectiveFrom: '1970-01-01',
        cpuCoreHour: 0,
        memoryGiBHour: 0,
        gpuHour: {},
        storageGiBMonth: 0,
      }
    );
  }

  /** The hourly price of resources under the sheet in force at `at`. */
  hourly(resources: PricedResources, profile: string, at: number): number {
    return hourlyRate(this.sheetAt(at), resources, profile);
  }

  /**
   * Cuts usage into UTC days and prices each day under its sheet, optionally only the
   * part inside [clipFrom, clipTo). Each slice is rounded to a micro-unit once; sums of
   * slices are exact integers from there on.
   */
  slice(
    usage: PricedUsage,
    clipFrom = -Infinity,
    clipTo = Infinity,
  ): DaySlice[] {
    const start = Math.max(usage.startMs, clipFrom);
    const end = Math.min(usage.endMs, clipTo);
    const slices: DaySlice[] = [];
    let t = start;
    while (t < end) {
      const nextMidnight = (Math.floor(t / MS_PER_DAY) + 1) * MS_PER_DAY;
      const sliceEnd = Math.min(end, nextMidnight);
      const durationMs = sliceEnd - t;
      const microsPerHour = this.hourly(usage, usage.profile, t) * MICROS;
      slices.push({
        day: dayOf(t),
        durationMs,
        amountMicros: Math.round((durationMs * microsPerHour) / MS_PER_HOUR),
      });
      t = sliceEnd;
    }
    return slices;
  }
}

export const toMoney = (micros: number) => micros / MICROS;
export const toMicros = (amount: number) => Math.round(amount * MICROS);
export const toHours = (ms: number) => ms / MS_PER_HOUR;
