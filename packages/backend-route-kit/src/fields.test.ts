import { z } from 'zod';
import {
  calendarDateField,
  clip,
  dateOrInstantField,
  entityRefField,
  nameField,
  numberField,
  orderedRange,
  quote,
} from './fields';
import { parseInput } from './parseInput';

describe('field types', () => {
  it('entity refs: full form, listed kinds, at most 255 characters', () => {
    const ref = entityRefField(['user', 'group']);
    expect(ref.safeParse('group:default/data-science').success).toBe(true);
    expect(ref.safeParse('User:default/Alice').success).toBe(true);
    expect(ref.safeParse('component:default/x').success).toBe(false);
    expect(ref.safeParse('user:alice').success).toBe(false);
    expect(ref.safeParse(`user:default/${'a'.repeat(60000)}`).success).toBe(
      false,
    );
    expect(ref.safeParse(`user:default/${'a'.repeat(64)}`).success).toBe(false);
  });

  it('names: not empty, bounded, no control characters', () => {
    const name = nameField(10);
    expect(name.safeParse('my-lab').success).toBe(true);
    expect(name.safeParse('').success).toBe(false);
    expect(name.safeParse('a'.repeat(11)).success).toBe(false);
    expect(name.safeParse('a\nb').success).toBe(false);
  });

  it('numbers: finite, bounded, whole when asked, coerced from a query', () => {
    const gpus = numberField({ min: 0, max: 64, integer: true });
    expect(gpus.safeParse(2).success).toBe(true);
    expect(gpus.safeParse(1e308).success).toBe(false);
    expect(gpus.safeParse(Infinity).success).toBe(false);
    expect(gpus.safeParse(1.5).success).toBe(false);
    expect(gpus.safeParse(-1).success).toBe(false);
    expect(numberField({ min: 0, max: 5, coerce: true }).parse('3')).toBe(3);
  });

  it('dates: real calendar days only', () => {
    const day = calendarDateField();
    expect(day.safeParse('2024-02-29').success).toBe(true);
    expect(day.safeParse('2026-02-30').success).toBe(false);
    expect(day.safeParse('-1').success).toBe(false);
    expect(day.safeParse('2026-13-01').success).toBe(false);
    const instant = dateOrInstantField();
    expect(instant.safeParse('2026-03-31T12:00:00Z').success).toBe(true);
    expect(instant.safeParse('2026-03-31T12:00:00.123+02:00').success).toBe(
      true,
    );
    expect(instant.safeParse('2026-02-30T12:00:00Z').success).toBe(false);
    expect(instant.safeParse('2026-03-31T12:00:00').success).toBe(false);
  });

  it('ranges: from must not be later than to', () => {
    const range = orderedRange(
      z.object({
        from: dateOrInstantField().optional(),
        to: dateOrInstantField().optional(),
      }),
    );
    expect(range.safeParse({ from: '2026-01-01', to: '2026-02-01' }).success).toBe(
      true,
    );
    expect(() =>
      parseInput(range, { from: '2026-03-01', to: '2026-02-01' }, 'query'),
    ).toThrow("Invalid query: from: 'from' must not be later than 'to'");
  });

  it('messages quote at most a short prefix of a bad value', () => {
    expect(quote('a'.repeat(100))).toBe(`'${'a'.repeat(39)}…'`);
    expect(clip('short', 10)).toBe('short');
    const schema = z.object({ role: z.enum(['admin', 'devops']) }).strict();
    let message = '';
    try {
      parseInput(schema, { role: 'x'.repeat(60000) }, 'body');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^Invalid body: role: /);
    expect(message.length).toBeLessThan(250);
  });
});
