import type { ActualCostSource } from '@internal/plugin-costs-common';

/** A period of actual spend: `YYYY-MM-DD` dates, `to` exclusive (as every costs route). */
export interface ActualCostRange {
  from: string;
  to: string;
}

/**
 * A source of what the platform really cost (as opposed to what Atrium metered from
 * workspace sessions): OpenCost's allocation API, a cloud bill. Providers never throw
 * for a failing source: they answer with `error` set, so one broken source does not
 * hide the others.
 */
export interface ActualCostProvider {
  /** 'opencost' | 'aws' */
  name: string;
  title: string;
  fetch(range: ActualCostRange): Promise<ActualCostSource>;
}

/** What a provider answers when its source failed: nothing counted, and why. */
export function failedSource(
  provider: { name: string; title: string },
  error: string,
  fetchedAt: string,
): ActualCostSource {
  return {
    name: provider.name,
    title: provider.title,
    total: 0,
    attributed: 0,
    unattributed: 0,
    byKey: [],
    error,
    fetchedAt,
  };
}

/** How long a provider waits for one answer of its source before reporting an error. */
export const DEFAULT_PROVIDER_TIMEOUT_MS = 5_000;

/**
 * Sums money exactly: amounts are added as integer micro-units, so a total equals the
 * sum of its parts however many there are (no 0.30000000000000004).
 */
export class MoneySum {
  private micros = 0;
  add(amount: number): void {
    if (Number.isFinite(amount)) this.micros += Math.round(amount * 1e6);
  }
  get value(): number {
    return this.micros / 1e6;
  }
}

/** Per-key sums, largest first. */
export class MoneyByKey {
  private readonly sums = new Map<string, MoneySum>();
  add(key: string, amount: number): void {
    let sum = this.sums.get(key);
    if (!sum) this.sums.set(key, (sum = new MoneySum()));
    sum.add(amount);
  }
  entries(): Array<{ key: string; amount: number }> {
    return [...this.sums]
      .map(([key, sum]) => ({ key, amount: sum.value }))
      .sort((a, b) => b.amount - a.amount || a.key.localeCompare(b.key));
  }
}

/** The message of anything thrown, for an `ActualCostSource.error`. */
export function messageOf(error: unknown): string {
  // Duck-typed: fetch's DOMExceptions and errors of other realms fail `instanceof Error`.
  if (error && typeof error === 'object' && 'message' in error) {
    const message = String((error as { message: unknown }).message);
    const cause = (error as { cause?: unknown }).cause;
    const code =
      cause && typeof cause === 'object' && 'code' in cause
        ? String((cause as { code: unknown }).code)
        : undefined;
    return code && !message.includes(code) ? `${message} (${code})` : message;
  }
  return String(error);
}

/** True for what `AbortSignal.timeout` (or an abort) makes a request throw. */
export function isAbortOrTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown } | undefined)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

/** A URL without any user:password in it, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}
