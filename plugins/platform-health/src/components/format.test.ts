import {
  describeFreshness,
  formatBytes,
  formatCores,
  formatPercent,
} from './format';

describe('format', () => {
  it('formats cores, bytes and percentages', () => {
    expect(formatCores(0.25)).toBe('250m');
    expect(formatCores(3.5)).toBe('3.5');
    expect(formatBytes(8 * 1024 ** 3)).toBe('8.0 GiB');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatPercent(0.456)).toBe('46%');
    expect(formatPercent(0.05)).toBe('5.0%');
  });

  it('says how fresh data is and why it is stale', () => {
    expect(describeFreshness({ stale: false, ageSeconds: 4 })).toBe(
      'updated 4 s ago',
    );
    expect(
      describeFreshness({
        stale: true,
        ageSeconds: 200,
        error: 'the API server refused the connection',
      }),
    ).toBe('stale: 3 min old (the API server refused the connection)');
    expect(describeFreshness({ stale: true, error: 'loading' })).toBe(
      'stale: never loaded (loading)',
    );
  });
});
