import { parseQuantity } from './quantities';

describe('parseQuantity', () => {
  it.each([
    ['250m', 0.25],
    ['2', 2],
    ['1.5', 1.5],
    ['512Mi', 512 * 1024 ** 2],
    ['8Gi', 8 * 1024 ** 3],
    ['2G', 2e9],
    ['100k', 1e5],
    ['1e3', 1000],
    ['123456789n', 0.123456789],
    ['10u', 1e-5],
  ])('reads %s', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value, 9);
  });

  it('refuses what is not a quantity', () => {
    expect(parseQuantity('lots')).toBeUndefined();
    expect(parseQuantity('5Xi')).toBeUndefined();
    expect(parseQuantity(undefined)).toBeUndefined();
  });
});
