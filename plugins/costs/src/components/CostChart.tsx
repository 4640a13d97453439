import { useMemo } from 'react';
import Box from '@material-ui/core/Box';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { CostReport } from '@internal/plugin-costs-common';
import {
  DIMENSION_LABELS,
  buckets,
  formatBucket,
  formatMoney,
  formatMoneyCompact,
} from './format';

/** Series beyond this many are summed into "Other", so the colours stay tellable apart. */
export const MAX_CHART_SERIES = 8;

// Distinguishable for the common colour-vision deficiencies (Okabe-Ito, then greys).
const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
  '#999999',
];

export interface ChartData {
  rows: Array<Record<string, number | string>>;
  bars: Array<{ dataKey: string; name: string; color: string }>;
}

/**
 * A report as rows of the chart: one per day (or month) of the range, gaps included,
 * one column per series (`s0`, `s1`, ...; refs are no safe data keys), the smallest
 * series summed into "Other".
 */
export function chartData(report: CostReport): ChartData {
  const shown = report.series.slice(0, MAX_CHART_SERIES);
  const rest = report.series.slice(MAX_CHART_SERIES);
  const bars = shown.map((s, i) => ({
    dataKey: `s${i}`,
    name: s.label || s.key,
    color: PALETTE[i],
  }));
  if (rest.length > 0) {
    bars.push({
      dataKey: 'other',
      name: `Other (${rest.length})`,
      color: PALETTE[MAX_CHART_SERIES],
    });
  }
  const byBucket = new Map<string, Record<string, number | string>>();
  for (const bucket of buckets(report, report.interval)) {
    const row: Record<string, number | string> = { bucket };
    for (const bar of bars) row[bar.dataKey] = 0;
    byBucket.set(bucket, row);
  }
  const add = (bucket: string, dataKey: string, amount: number) => {
    let row = byBucket.get(bucket);
    if (!row) {
      // A point outside the computed buckets (another time zone's idea of a day):
      // shown rather than dropped.
      row = { bucket };
      for (const bar of bars) row[bar.dataKey] = 0;
      byBucket.set(bucket, row);
    }
    row[dataKey] = (row[dataKey] as number) + amount;
  };
  shown.forEach((s, i) =>
    s.points.forEach(p => add(p.date, `s${i}`, p.amount)),
  );
  rest.forEach(s => s.points.forEach(p => add(p.date, 'other', p.amount)));
  const rows = [...byBucket.values()].sort((a, b) =>
    String(a.bucket).localeCompare(String(b.bucket)),
  );
  return { rows, bars };
}

/** Cost over time, stacked by series, with labelled axes in the report's currency. */
export function CostChart(props: { report: CostReport; height?: number }) {
  const { report, height = 320 } = props;
  const { rows, bars } = useMemo(() => chartData(report), [report]);
  const { currency } = report;
  const per = report.interval === 'day' ? 'day' : 'month';
  return (
    <Box
      role="figure"
      aria-label={`Cost per ${per} by ${DIMENSION_LABELS[
        report.groupBy
      ].toLocaleLowerCase('en-US')}, ${report.from} to ${report.to}`}
      height={height}
      width="100%"
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={rows}
          margin={{ top: 8, right: 16, bottom: 24, left: 24 }}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="bucket"
            tickFormatter={formatBucket}
            minTickGap={12}
            label={{
              value: per === 'day' ? 'Day (UTC)' : 'Month',
              position: 'insideBottom',
              offset: -16,
            }}
          />
          <YAxis
            tickFormatter={(value: number) =>
              formatMoneyCompact(value, currency)
            }
            label={{
              value: `Cost (${currency})`,
              angle: -90,
              position: 'insideLeft',
              offset: -12,
              style: { textAnchor: 'middle' },
            }}
          />
          <Tooltip
            labelFormatter={label => formatBucket(String(label))}
            formatter={(value: number) => formatMoney(value, currency)}
          />
          <Legend verticalAlign="top" height={32} />
          {bars.map(bar => (
            <Bar
              key={bar.dataKey}
              dataKey={bar.dataKey}
              name={bar.name}
              stackId="cost"
              fill={bar.color}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </Box>
  );
}
