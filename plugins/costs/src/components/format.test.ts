import { ResponseError } from '@backstage/errors';
import {
  buckets,
  formatBucket,
  formatMoney,
  formatMoneyCompact,
  loadErrorTitle,
  presetRange,
  recentMonths,
} from './format';
import { chartData, MAX_CHART_SERIES } from './CostChart';
import { report, series } from '../__testUtils__/fixtures';

describe('presetRange', () => {
  // 15:30 UTC on 5 March 2026; local time zones must not move the dates.
  const now = new Date(Date.UTC(2026, 2, 5, 15, 30));

  it('ends every range with today (UTC), the end exclusive', () => {
    expect(presetRange('this-month', now)).toEqual({
      from: '2026-03-01',
      to: '2026-03-06',
      interval: 'day',
    });
    expect(presetRange('last-30-days', now)).toEqual({
      from: '2026-02-04',
      to: '2026-03-06',
      interval: 'day',
    });
    expect(presetRange('last-3-months', now)).toEqual({
      from: '2026-01-01',
      to: '2026-03-06',
      interval: 'day',
    });
  });

  it('reports twelve months by month, across the year boundary', () => {
    expect(presetRange('last-12-months', now)).toEqual({
      from: '2025-04-01',
      to: '2026-03-06',
      interval: 'month',
    });
  });

  it('rolls over the end of a month', () => {
    expect(
      presetRange('this-month', new Date(Date.UTC(2026, 0, 31, 23, 59))),
    ).toEqual({ from: '2026-01-01', to: '2026-02-01', interval: 'day' });
  });
});

describe('buckets', () => {
  it('lists every day up to the exclusive end, and every month', () => {
    expect(buckets({ from: '2026-02-27', to: '2026-03-02' }, 'day')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
    ]);
    expect(buckets({ from: '2025-11-01', to: '2026-02-10' }, 'month')).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    expect(buckets({ from: '2026-03-01', to: '2026-03-01' }, 'day')).toEqual(
      [],
    );
  });

  it('recentMonths counts back from this month', () => {
    expect(recentMonths(3, new Date(Date.UTC(2026, 0, 15)))).toEqual([
      '2026-01',
      '2025-12',
      '2025-11',
    ]);
  });
});

describe('money', () => {
  it("formats in the response's currency, rounding to cents only for display", () => {
    expect(formatMoney(1234.5678, 'USD')).toBe('$1,234.57');
    expect(formatMoney(0.004, 'EUR')).toBe('€0.00');
    expect(formatMoney(12, 'JPY')).toBe('¥12');
    expect(formatMoneyCompact(1250, 'USD')).toBe('$1.3K');
  });

  it('still shows an amount whose currency code Intl does not know', () => {
    expect(formatMoney(3.5, 'dollars')).toBe('3.50 dollars');
  });

  it('formats chart ticks of days and months', () => {
    expect(formatBucket('2026-11-05')).toBe('Nov 5');
    expect(formatBucket('2026-11')).toBe('Nov 2026');
  });
});

describe('loadErrorTitle', () => {
  const answered = (status: number, body?: object) =>
    ResponseError.fromResponse(
      new Response(body ? JSON.stringify(body) : null, {
        status,
        headers: body ? { 'Content-Type': 'application/json' } : {},
      }),
    );

  it("keeps the backend's own words for a refusal or a bad query", async () => {
    const error = await answered(400, {
      error: { name: 'InputError', message: 'from: must be YYYY-MM-DD' },
      response: { statusCode: 400 },
    });
    expect(loadErrorTitle('the report', error)).toBe(
      'Could not load the report: from: must be YYYY-MM-DD',
    );
  });

  it('says to retry or call DevOps when no answer came', async () => {
    expect(loadErrorTitle('the report', new TypeError('Failed to fetch'))).toBe(
      "The costs backend did not answer the report (Failed to fetch): retry, or ask DevOps to check the portal's logs",
    );
    expect(loadErrorTitle('the report', await answered(502))).toMatch(
      /^The costs backend did not answer the report \(Request failed with status 502/,
    );
  });

  it('says the backend is missing when nothing serves /api/costs', async () => {
    expect(loadErrorTitle('the report', await answered(404))).toBe(
      'The costs backend is not installed in this portal: ask DevOps to add @internal/plugin-costs-backend',
    );
  });
});

describe('chartData', () => {
  it('has a row for every day of the range, gaps as 0, one column per series', () => {
    const { rows, bars } = chartData(report());
    expect(bars.map(b => b.name)).toEqual([
      'Computer vision team',
      'Genomics team',
    ]);
    expect(rows).toEqual([
      { bucket: '2026-11-01', s0: 0, s1: 0 },
      { bucket: '2026-11-02', s0: 120.5, s1: 40 },
      { bucket: '2026-11-03', s0: 80.25, s1: 0 },
      { bucket: '2026-11-04', s0: 0, s1: 0 },
    ]);
  });

  it('sums the smallest series into "Other" beyond the colours it can tell apart', () => {
    const many = Array.from({ length: MAX_CHART_SERIES + 2 }, (_, i) =>
      series(`user:default/u${i}`, `User ${i}`, [['2026-11-02', 100 - i]]),
    );
    const { rows, bars } = chartData(
      report({ series: many, from: '2026-11-02', to: '2026-11-03' }),
    );
    expect(bars).toHaveLength(MAX_CHART_SERIES + 1);
    expect(bars[MAX_CHART_SERIES].name).toBe('Other (2)');
    expect(rows).toHaveLength(1);
    expect(rows[0].other).toBe(100 - 8 + (100 - 9));
    const sum = Object.entries(rows[0])
      .filter(([k]) => k !== 'bucket')
      .reduce((s, [, v]) => s + Number(v), 0);
    expect(sum).toBe(many.reduce((s, x) => s + x.total, 0));
  });
});
