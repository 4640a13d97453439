import { InputError } from '@backstage/errors';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An expiry as given (`2026-03-31` or an instant) as the stored ISO instant. A date
 * alone means "through that day": the access ends at the next midnight UTC. A time
 * not after `now` is refused with a sentence naming `field`.
 */
export function toExpiry(value: string, now: Date, field = 'expiresAt'): string {
  const instant = DATE_ONLY.test(value)
    ? new Date(Date.parse(`${value}T00:00:00Z`) + 86_400_000)
    : new Date(value);
  if (instant.getTime() <= now.getTime()) {
    throw new InputError(
      `${field} ${value} is in the past: give a later date, or none for access until it is ended`,
    );
  }
  return instant.toISOString();
}
