import type { BudgetStatus } from '@internal/plugin-costs-common';
import { budgetsByUrgency, lastSevenDays } from './CostsHomeContent';

const budget = (subjectRef: string, percent: number): BudgetStatus => ({
  subjectRef,
  monthlyAmount: 100,
  month: '2026-12',
  spent: percent,
  forecast: percent,
  percent,
  forecastPercent: percent,
  alertsSent: [],
});

describe('budgetsByUrgency', () => {
  it('puts budgets past 80% first, most spent first, then the rest by name', () => {
    const sorted = budgetsByUrgency([
      budget('group:default/b', 10),
      budget('group:default/a', 50),
      budget('user:default/ada', 85),
      budget('group:default/c', 120),
      budget('group:default/d', 80),
    ]);
    expect(sorted.map(b => `${b.subjectRef} ${b.percent}`)).toEqual([
      'group:default/c 120',
      'user:default/ada 85',
      'group:default/d 80',
      'group:default/a 50',
      'group:default/b 10',
    ]);
  });
});

describe('lastSevenDays', () => {
  it('covers today and the six days before it, to exclusive, in UTC', () => {
    expect(lastSevenDays(new Date('2026-12-04T23:30:00Z'))).toEqual({
      from: '2026-11-28',
      to: '2026-12-05',
    });
    expect(lastSevenDays(new Date('2027-01-02T00:10:00Z'))).toEqual({
      from: '2026-12-27',
      to: '2027-01-03',
    });
  });
});
