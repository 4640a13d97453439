import { z } from 'zod';
import { parseInput } from './index';

describe('parseInput', () => {
  const schema = z
    .object({
      name: z.string().min(1, 'is required'),
      limit: z.coerce.number().max(10),
    })
    .strict();

  it('returns the parsed input', () => {
    expect(parseInput(schema, { name: 'a', limit: '3' }, 'query')).toEqual({
      name: 'a',
      limit: 3,
    });
  });

  it('throws an InputError naming every wrong field', () => {
    expect(() =>
      parseInput(schema, { name: '', limit: '11', extra: 1 }, 'query'),
    ).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message:
          "Invalid query: name: is required; limit: Number must be less than or equal to 10; Unrecognized key(s) in object: 'extra'",
      }),
    );
  });
});
