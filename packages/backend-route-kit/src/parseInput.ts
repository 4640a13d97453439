import { InputError } from '@backstage/errors';
import type { z } from 'zod';
import { clip } from './fields';

/**
 * Parses route input with a zod schema; on failure throws an `InputError` (a 400) whose
 * message names each wrong field and what it must be, e.g.
 * `Invalid query: role: role must be one of: admin, devops`.
 *
 * Each issue's message is clipped: zod quotes the value it received (an enum miss
 * echoes it whole), and a 60 kB value must not come back in the answer.
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
      .slice(0, 10)
      .map(i => {
        const path = i.path.map(p => clip(String(p), 40)).join('.');
        const message = clip(i.message, 160);
        return path ? `${path}: ${message}` : message;
      })
      .join('; ');
    throw new InputError(`Invalid ${what}: ${detail}`);
  }
  return result.data;
}
