import type { Knex } from 'knex';
import type { UsageFilter } from './CostsStore';

/** Spend of ended sessions counted in both `group` and `other` (each pair both ways). */
export interface GroupOverlapRow {
  group: string;
  other: string;
  amountMicros: number;
}

/**
 * Which spend a group-by-group report counts in more than one row: the day slices of
 * sessions whose owner was in several groups, summed by pair of groups. Reads the
 * session days (not the rollups): the rollups keep no trace of which rows share a session.
 */
export async function queryGroupOverlaps(
  db: Knex,
  options: { fromDay: string; toDay: string; filter?: UsageFilter },
): Promise<GroupOverlapRow[]> {
  const { fromDay, toDay, filter = {} } = options;
  const query = db('costs_session_days as d')
    .join('costs_sessions as s', 's.id', 'd.session_id')
    .join('costs_session_groups as g1', 'g1.session_id', 'd.session_id')
    .join('costs_session_groups as g2', function onOther() {
      this.on('g2.session_id', '=', 'd.session_id').andOn(
        'g2.group_ref',
        '<>',
        'g1.group_ref',
      );
    })
    .select({ group: 'g1.group_ref', other: 'g2.group_ref' })
    .sum({ amount: 'd.amount_micros' })
    .where('d.day', '>=', fromDay)
    .andWhere('d.day', '<', toDay)
    .groupBy('g1.group_ref', 'g2.group_ref');
  if (filter.user) query.where('s.owner', filter.user);
  if (filter.project) query.where('s.project', filter.project);
  if (filter.profile) query.where('s.profile', filter.profile);
  const rows = await query;
  return rows.map((r: any) => ({
    group: r.group as string,
    other: r.other as string,
    amountMicros: Number(r.amount),
  }));
}
