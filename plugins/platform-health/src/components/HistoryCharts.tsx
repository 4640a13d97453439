import { useMemo } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type {
  HistoryMarker,
  HistorySeries,
  HistoryUnit,
  PlatformHistory,
} from '@internal/plugin-platform-health-common';
import { formatBytes, formatCores, formatPercent } from './format';

// Distinguishable for the common colour-vision deficiencies (Okabe-Ito), as the costs charts.
const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#000000',
  '#999999',
];
const ALERT_FILL = '#D55E00';
const STATUS_FILL = '#CC79A7';
const DEPLOY_STROKE = '#0072B2';

export function formatValue(unit: HistoryUnit, value: number): string {
  switch (unit) {
    case 'cores':
      return `${formatCores(value)} cores`;
    case 'bytes':
      return formatBytes(value);
    case 'ratio':
      return formatPercent(value);
    case 'seconds':
      return value >= 1
        ? `${value.toFixed(2)} s`
        : `${Math.round(value * 1000)} ms`;
    default:
      return Number.isInteger(value) ? String(value) : value.toFixed(2);
  }
}

/** Six evenly spaced ticks over the window (recharts' own follow the data only). */
export function timeTicks(fromMs: number, toMs: number, count = 6): number[] {
  const step = (toMs - fromMs) / (count - 1);
  return Array.from({ length: count }, (_, i) => Math.round(fromMs + i * step));
}

/** Time on the axis: the hour for a day or less, the day and hour beyond. */
function timeFormatter(spanMs: number) {
  const options: Intl.DateTimeFormatOptions =
    spanMs > 36 * 3_600_000
      ? { month: 'short', day: 'numeric', hour: '2-digit' }
      : { hour: '2-digit', minute: '2-digit' };
  return (ms: number) => new Date(ms).toLocaleString(undefined, options);
}

/**
 * A series as chart rows: one row per timestamp of any line, one column per line
 * (`l0`, `l1`...; labels are no safe data keys). A line without a sample at a time has
 * no value there, so the chart shows a gap rather than a made-up zero.
 */
export function chartRows(series: HistorySeries) {
  const byTime = new Map<number, Record<string, number>>();
  series.lines.forEach((line, i) => {
    for (const [t, v] of line.points) {
      const row = byTime.get(t) ?? { t };
      row[`l${i}`] = v;
      byTime.set(t, row);
    }
  });
  return [...byTime.values()].sort((a, b) => a.t - b.t);
}

/** One chart of a history: its lines, the alerts as shaded stretches, deploys as lines. */
export function HistoryChart(props: {
  series: HistorySeries;
  history: PlatformHistory;
  height?: number;
}) {
  const { series, history, height = 220 } = props;
  const rows = useMemo(() => chartRows(series), [series]);
  const fromMs = Date.parse(history.from);
  const toMs = Date.parse(history.to);
  const format = timeFormatter(toMs - fromMs);
  const clamp = (ms: number) => Math.min(toMs, Math.max(fromMs, ms));
  // Alerts and bad states are stretches; the list above the charts names them.
  const alerts = history.markers.filter(m => m.kind !== 'deploy');
  const deploys = history.markers.filter(m => m.kind === 'deploy');
  const described = describeMarkers(history.markers);
  return (
    <Box mb={3}>
      <Typography variant="subtitle1" component="h3">
        {series.title}
        {series.truncated ? ' (first lines only)' : ''}
      </Typography>
      <Box
        role="figure"
        aria-label={`${series.title} over the last ${history.window}${
          described ? `; ${described}` : ''
        }`}
        height={height}
        width="100%"
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart
            data={rows}
            margin={{ top: 8, right: 16, bottom: 8, left: 16 }}
          >
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={[fromMs, toMs]}
              ticks={timeTicks(fromMs, toMs)}
              tickFormatter={format}
              minTickGap={24}
            />
            <YAxis
              width={80}
              tickFormatter={(v: number) => formatValue(series.unit, v)}
            />
            <Tooltip
              labelFormatter={label => new Date(Number(label)).toLocaleString()}
              formatter={(v: number) => formatValue(series.unit, v)}
            />
            {series.lines.length > 1 && <Legend verticalAlign="top" />}
            {alerts.map((m, i) => (
              <ReferenceArea
                key={`a${i}`}
                x1={clamp(Date.parse(m.at))}
                x2={m.endedAt ? clamp(Date.parse(m.endedAt)) : toMs}
                fill={m.kind === 'status' ? STATUS_FILL : ALERT_FILL}
                fillOpacity={0.12}
                ifOverflow="hidden"
              />
            ))}
            {deploys.map((m, i) => (
              <ReferenceLine
                key={`d${i}`}
                x={clamp(Date.parse(m.at))}
                stroke={DEPLOY_STROKE}
                strokeDasharray="4 2"
                ifOverflow="hidden"
              />
            ))}
            {series.lines.map((line, i) => (
              <Line
                key={i}
                dataKey={`l${i}`}
                name={line.label}
                stroke={PALETTE[i % PALETTE.length]}
                // A line of a few points (a new Prometheus) shows its points.
                dot={line.points.length < 4 ? { r: 3 } : false}
                strokeWidth={2}
                isAnimationActive={false}
                connectNulls={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </Box>
    </Box>
  );
}

/** "2 alerts, 1 state change and 1 deploy marked", for the figure's accessible name. */
export function describeMarkers(markers: HistoryMarker[]): string {
  const count = (kind: HistoryMarker['kind']) =>
    markers.filter(m => m.kind === kind).length;
  const plural = (n: number, one: string, many: string) =>
    n ? `${n} ${n === 1 ? one : many}` : '';
  const parts = [
    plural(count('alert'), 'alert', 'alerts'),
    plural(count('status'), 'state change', 'state changes'),
    plural(count('deploy'), 'deploy', 'deploys'),
  ].filter(Boolean);
  if (parts.length === 0) return '';
  const last = parts.pop();
  return `${parts.length ? `${parts.join(', ')} and ` : ''}${last} marked`;
}
