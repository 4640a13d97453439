import { z } from 'zod';

/**
 * The field types every Atrium route validates with, so that nothing unbounded is
 * stored and every message reads the same. Messages quote at most a short prefix of a
 * bad value (see {@link quote}).
 */

/** A value cut to `max` characters, with an ellipsis when cut. */
export function clip(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

/** A value for a message: quoted, at most 40 characters of it. */
export function quote(value: unknown, max = 40): string {
  return `'${clip(String(value), max)}'`;
}

/** Backstage's limit on an entity name, namespace or kind is 63; a whole ref 255. */
export const MAX_ENTITY_REF_LENGTH = 255;

/**
 * An entity ref in Backstage's full form `kind:namespace/name`, of one of `kinds`
 * (lower case in the message; matched case-insensitively), at most 255 characters.
 */
export function entityRefField(kinds: readonly string[]) {
  const pattern = new RegExp(
    `^(${kinds.map(k => k.replace(/[^a-z0-9-]/gi, '')).join('|')}):[^\\s/:]{1,63}\\/[^\\s/:]{1,63}$`,
    'i',
  );
  const example = `${kinds[0]}:default/${
    kinds[0] === 'group' ? 'data-science' : 'alice'
  }`;
  return z
    .string()
    .max(MAX_ENTITY_REF_LENGTH, `must be at most ${MAX_ENTITY_REF_LENGTH} characters`)
    .regex(
      pattern,
      `must be a ${kinds.join(' or ')} entity ref, like ${example}`,
    );
}

/**
 * A name a person typed or picked (a workspace, a profile slug, a service): 1 to `max`
 * characters, no control characters.
 */
export function nameField(max = 63) {
  return z
    .string()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    // eslint-disable-next-line no-control-regex
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters');
}

/** Free text (a title, a message, a reason): at most `max` characters. */
export function textField(max = 500) {
  return z.string().max(max, `must be at most ${max} characters`);
}

/**
 * A finite number between `min` and `max` (JSON bodies). `coerce` reads it from a
 * query string. `integer` refuses fractions.
 */
export function numberField(options: {
  min: number;
  max: number;
  integer?: boolean;
  coerce?: boolean;
}) {
  const base = options.coerce ? z.coerce.number() : z.number();
  let schema = base
    .finite('must be a finite number')
    .min(options.min, `must be at least ${options.min}`)
    .max(options.max, `must be at most ${options.max}`);
  if (options.integer) schema = schema.int('must be a whole number');
  return schema;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function isRealDate(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return (
    date.getUTCFullYear() === Number(y) &&
    date.getUTCMonth() === Number(m) - 1 &&
    date.getUTCDate() === Number(d)
  );
}

/** A real calendar day, `YYYY-MM-DD` (2026-02-30 is refused). */
export function calendarDateField() {
  return z.string().refine(v => {
    const match = DATE.exec(v);
    return !!match && isRealDate(match[1], match[2], match[3]);
  }, 'must be a real date, like 2026-03-31');
}

/**
 * A real calendar day or an ISO 8601 instant with a time zone
 * (`2026-03-31` or `2026-03-31T12:00:00Z`).
 */
export function dateOrInstantField() {
  return z.string().refine(v => {
    const match = DATE.exec(v) ?? DATE_TIME.exec(v);
    return (
      !!match &&
      isRealDate(match[1], match[2], match[3]) &&
      !Number.isNaN(Date.parse(v))
    );
  }, 'must be a date like 2026-03-31 or a time like 2026-03-31T12:00:00Z');
}

/**
 * Refines an object with optional `from` and `to` (dates or instants) so that `from`
 * is not after `to`.
 */
export function orderedRange<T extends z.ZodTypeAny>(
  schema: T,
): z.ZodEffects<T> {
  return schema.refine(
    (v: { from?: string; to?: string }) =>
      !v.from || !v.to || Date.parse(v.from) <= Date.parse(v.to),
    { message: "'from' must not be later than 'to'", path: ['from'] },
  );
}
