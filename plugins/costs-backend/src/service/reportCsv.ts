import type { CostReport } from '@internal/plugin-costs-common';
import { csvRow } from '@internal/backend-route-kit';

/** A cost report as CSV: one row per key and date, hours to the micro-hour. */
export function reportCsv(report: CostReport): string {
  // Labels are catalog titles and directory names: csvRow neutralises formulas.
  const lines = [
    csvRow(['date', 'key', 'label', 'amount', 'hours', 'currency']),
  ];
  for (const series of report.series) {
    for (const point of series.points) {
      lines.push(
        csvRow([
          point.date,
          series.key,
          series.label,
          point.amount,
          Math.round(point.hours * 1e6) / 1e6,
          report.currency,
        ]),
      );
    }
  }
  return lines.join('');
}

/** The file name a report's CSV is downloaded as. */
export function reportCsvFileName(report: CostReport): string {
  return `costs-${report.groupBy}-${report.from}-${report.to}.csv`;
}
