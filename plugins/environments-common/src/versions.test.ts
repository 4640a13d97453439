import { compareVersions } from './versions';

describe('compareVersions', () => {
  it.each([
    ['2025.05', '2026.11'],
    ['2026.11', '2026.11.1'],
    ['2026.9', '2026.11'],
    ['1.9.0', '1.10.0'],
    ['2.0.0rc1', '2.0.0'],
    ['2.0.0a1', '2.0.0b1'],
    ['2.0.0dev1', '2.0.0a1'],
    ['2.0.0', '2.0.0.post1'],
    ['9.9', '1!1.0'],
    ['2.5.1', '2.5.1+cu124'],
    ['1.2.3', '1.2.3_1'],
    ['4.3.1', '4.3.10'],
  ])('%s < %s', (older, newer) => {
    expect(compareVersions(older, newer)).toBe(-1);
    expect(compareVersions(newer, older)).toBe(1);
  });

  it.each([
    ['2.1', '2.1.0'],
    ['2025.05', '2025.5'],
    ['1.0', '1.0'],
    ['1.0.0A1', '1.0.0a1'],
  ])('%s == %s', (a, b) => {
    expect(compareVersions(a, b)).toBe(0);
  });

  it('sorts a list newest first', () => {
    const versions = ['2025.05', '2026.11.1', '2024.12', '2026.11', '2026.2'];
    expect([...versions].sort((a, b) => compareVersions(b, a))).toEqual([
      '2026.11.1',
      '2026.11',
      '2026.2',
      '2025.05',
      '2024.12',
    ]);
  });
});
