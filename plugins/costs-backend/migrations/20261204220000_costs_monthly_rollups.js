// @ts-check

/**
 * Rollups by month and subject, and the daily spend shared by pairs of groups (#16).
 *
 * A month by user summed from `costs_daily` reads tens of thousands of day rows at
 * 2,000 users; `costs_monthly_subjects` holds one row per month, dimension (user, group,
 * project, profile) and subject, kept equal to the sum of the day rollups: the store
 * subtracts a day's old rows and adds its new ones in the transaction that rebuilds the
 * day. `row_count` (day rows summed) and `demo_rows` let a subtraction undo an addition
 * exactly (a MAX could not be undone): a row whose count drops to 0 is deleted, so a
 * report lists the same keys as from the day rollups.
 *
 * `costs_daily_group_pairs` is what a report by group counts in two groups at once, by
 * day: the report read it from the session slices joined twice to their groups.
 *
 * Both are backfilled from the existing rollups and slices.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('costs_monthly_subjects', table => {
    table.comment(
      'Sum of the day rollups by UTC month and subject of one dimension',
    );
    table
      .string('dimension', 8)
      .notNullable()
      .comment('user|group|project|profile');
    table.string('month', 7).notNullable().comment('YYYY-MM (UTC)');
    table
      .string('subject')
      .notNullable()
      .comment("entity ref or profile slug; '' for no project or no group");
    table.bigInteger('duration_ms').notNullable();
    table.bigInteger('amount_micros').notNullable();
    table
      .bigInteger('demo_rows')
      .notNullable()
      .comment('day rows of demo data');
    table.bigInteger('row_count').notNullable().comment('day rows summed');
    table.primary(['dimension', 'month', 'subject']);
    table.index(['dimension', 'subject', 'month']);
  });

  await knex.schema.createTable('costs_daily_group_pairs', table => {
    table.comment(
      'Spend of ended sessions counted in both groups of a pair (each pair both ways), by UTC day',
    );
    table.string('day', 10).notNullable();
    table.string('group_ref').notNullable();
    table.string('other_ref').notNullable();
    table.bigInteger('amount_micros').notNullable();
    table.primary(['day', 'group_ref', 'other_ref']);
  });

  // The backfill: the same statements the store runs for a day, over every day.
  await knex.raw(
    `INSERT INTO costs_monthly_subjects (dimension, month, subject, duration_ms, amount_micros, demo_rows, row_count)
     SELECT dimension, month, subject, SUM(duration_ms), SUM(amount_micros), SUM(demo), COUNT(*)
     FROM (
       SELECT 'user' AS dimension, substr(day, 1, 7) AS month, user_ref AS subject, duration_ms, amount_micros, demo FROM costs_daily
       UNION ALL
       SELECT 'project', substr(day, 1, 7), project_ref, duration_ms, amount_micros, demo FROM costs_daily
       UNION ALL
       SELECT 'profile', substr(day, 1, 7), profile, duration_ms, amount_micros, demo FROM costs_daily
       UNION ALL
       SELECT 'group', substr(day, 1, 7), group_ref, duration_ms, amount_micros, demo FROM costs_daily_groups
     ) r
     GROUP BY dimension, month, subject`,
  );
  await knex.raw(
    `INSERT INTO costs_daily_group_pairs (day, group_ref, other_ref, amount_micros)
     SELECT d.day, g1.group_ref, g2.group_ref, SUM(d.amount_micros)
     FROM costs_session_days d
     JOIN costs_session_groups g1 ON g1.session_id = d.session_id
     JOIN costs_session_groups g2 ON g2.session_id = d.session_id AND g2.group_ref <> g1.group_ref
     GROUP BY d.day, g1.group_ref, g2.group_ref`,
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('costs_daily_group_pairs');
  await knex.schema.dropTable('costs_monthly_subjects');
};
