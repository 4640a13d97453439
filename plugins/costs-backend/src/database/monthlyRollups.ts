import type { CostDimension } from '@internal/plugin-costs-common';
import type { Knex } from 'knex';
import type { DailyRow, UsageFilter } from './CostsStore';
import type { GroupOverlapRow } from './groupOverlapQuery';
import { placeholders } from './rows';

/**
 * The month rollups (`costs_monthly_subjects`) and the daily spend shared by pairs of
 * groups (`costs_daily_group_pairs`): kept up to date in the transaction that rebuilds
 * a day's rollups, read by month reports (see the migration of #16 for why).
 */

/** The day rollups of `days`, by month and subject of each dimension, as one SELECT. */
function subjectsOfDays(days: string[], sign: 1 | -1) {
  const inDays = `day IN (${placeholders(days)})`;
  const columns = (subject: string) =>
    `substr(day, 1, 7), ${subject}, duration_ms, amount_micros, demo`;
  const s = sign === 1 ? '' : '-';
  return {
    sql: `SELECT dimension, month, subject, ${s}SUM(duration_ms), ${s}SUM(amount_micros), ${s}SUM(demo), ${s}COUNT(*)
      FROM (
        SELECT 'user' AS dimension, substr(day, 1, 7) AS month, user_ref AS subject, duration_ms, amount_micros, demo
          FROM costs_daily WHERE ${inDays}
        UNION ALL SELECT 'project', ${columns(
          'project_ref',
        )} FROM costs_daily WHERE ${inDays}
        UNION ALL SELECT 'profile', ${columns(
          'profile',
        )} FROM costs_daily WHERE ${inDays}
        UNION ALL SELECT 'group', ${columns(
          'group_ref',
        )} FROM costs_daily_groups WHERE ${inDays}
      ) r
      WHERE 1 = 1
      GROUP BY dimension, month, subject`,
    bindings: [...days, ...days, ...days, ...days],
  };
}

/**
 * Adds (sign 1) or subtracts (sign -1) the current day rollups of `days` to the month
 * rollups. Called with -1 before a day is rebuilt and with 1 after: the months stay the
 * sum of their days. Rows no day contributes to any more are deleted.
 */
export async function addDaysToMonths(
  tx: Knex.Transaction,
  days: string[],
  sign: 1 | -1,
) {
  const select = subjectsOfDays(days, sign);
  // `WHERE 1 = 1` above: SQLite needs a WHERE before an upsert's ON CONFLICT after a SELECT.
  await tx.raw(
    `INSERT INTO costs_monthly_subjects (dimension, month, subject, duration_ms, amount_micros, demo_rows, row_count)
     ${select.sql}
     ON CONFLICT (dimension, month, subject) DO UPDATE SET
       duration_ms = costs_monthly_subjects.duration_ms + excluded.duration_ms,
       amount_micros = costs_monthly_subjects.amount_micros + excluded.amount_micros,
       demo_rows = costs_monthly_subjects.demo_rows + excluded.demo_rows,
       row_count = costs_monthly_subjects.row_count + excluded.row_count`,
    select.bindings,
  );
  if (sign === 1) {
    const months = [...new Set(days.map(d => d.slice(0, 7)))];
    await tx('costs_monthly_subjects')
      .whereIn('month', months)
      .andWhere('row_count', '<=', 0)
      .delete();
  }
}

/** Rebuilds the shared spend of pairs of groups on `days` from the session slices. */
export async function rebuildGroupPairs(tx: Knex.Transaction, days: string[]) {
  await tx('costs_daily_group_pairs').whereIn('day', days).delete();
  await tx.raw(
    `INSERT INTO costs_daily_group_pairs (day, group_ref, other_ref, amount_micros)
     SELECT d.day, g1.group_ref, g2.group_ref, SUM(d.amount_micros)
     FROM costs_session_days d
     JOIN costs_session_groups g1 ON g1.session_id = d.session_id
     JOIN costs_session_groups g2 ON g2.session_id = d.session_id AND g2.group_ref <> g1.group_ref
     WHERE d.day IN (${placeholders(days)})
     GROUP BY d.day, g1.group_ref, g2.group_ref`,
    days,
  );
}

/** The group pairs' shared spend over [fromDay, toDay) (no filter: all sessions). */
export async function queryGroupPairs(
  db: Knex,
  options: { fromDay: string; toDay: string },
): Promise<GroupOverlapRow[]> {
  const rows = await db('costs_daily_group_pairs')
    .select({ group: 'group_ref', other: 'other_ref' })
    .sum({ amount: 'amount_micros' })
    .where('day', '>=', options.fromDay)
    .andWhere('day', '<', options.toDay)
    .groupBy('group_ref', 'other_ref');
  return rows.map((r: any) => ({
    group: r.group as string,
    other: r.other as string,
    amountMicros: Number(r.amount),
  }));
}

/**
 * The whole months inside [fromDay, toDay), as days: [firstDay, endDay) (empty when
 * firstDay >= endDay). Days before and after them are read from the day rollups.
 */
export function wholeMonths(fromDay: string, toDay: string) {
  const firstDay =
    fromDay.slice(8) === '01' ? fromDay : nextMonthStart(fromDay);
  const endDay = `${toDay.slice(0, 7)}-01`;
  return { firstDay, endDay };
}

function nextMonthStart(day: string): string {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Whether the month rollups answer a query by `groupBy` with `filter`: they hold one
 * dimension per row, so a filter may only name a subject of that same dimension.
 */
export function monthRollupsAnswer(
  groupBy: CostDimension,
  filter: UsageFilter,
): boolean {
  const given = Object.entries(filter).filter(([, v]) => v !== undefined);
  return given.every(([dimension]) => dimension === groupBy);
}

/** Month figures by subject of `groupBy` for the whole months [firstDay, endDay). */
export async function queryMonths(
  db: Knex,
  options: {
    firstDay: string;
    endDay: string;
    groupBy: CostDimension;
    filter: UsageFilter;
  },
): Promise<DailyRow[]> {
  const { firstDay, endDay, groupBy, filter } = options;
  const query = db('costs_monthly_subjects')
    .select('month', 'subject', 'duration_ms', 'amount_micros', 'demo_rows')
    .where('dimension', groupBy)
    .andWhere('month', '>=', firstDay.slice(0, 7))
    .andWhere('month', '<', endDay.slice(0, 7));
  const subject = filter[groupBy];
  if (subject !== undefined) query.andWhere('subject', subject);
  const rows = await query;
  return rows.map((r: any) => ({
    day: r.month,
    key: r.subject,
    amountMicros: Number(r.amount_micros),
    durationMs: Number(r.duration_ms),
    demo: Number(r.demo_rows) > 0,
  }));
}
