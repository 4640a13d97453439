/**
 * How Atrium's backend routes validate input.
 *
 * @packageDocumentation
 */
import { InputError } from '@backstage/errors';
import type { z } from 'zod';

/**
 * Parses route input with a zod schema; on failure throws an `InputError` (a 400) whose
 * message names each wrong field and what it must be, e.g.
 * `Invalid query: role: role must be one of: admin, devops`.
 *
 * @param what - what the input is, for the message: `query`, `workspace`, ...
 */
export function parseInput<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  input: unknown,
  what: string,
): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    const detail = result.error.issues
      .map(i =>
        i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message,
      )
      .join('; ');
    throw new InputError(`Invalid ${what}: ${detail}`);
  }
  return result.data;
}
