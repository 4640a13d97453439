// @ts-check

/**
 * Idle time before a session ended: what the costs plugin reports as idle waste.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('usage_sessions', table => {
    table
      .integer('idle_seconds')
      .nullable()
      .comment('seconds between the last activity and the end, when known');
    table.index(['ended_at']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('usage_sessions', table => {
    table.dropIndex(['ended_at']);
    table.dropColumn('idle_seconds');
  });
};
