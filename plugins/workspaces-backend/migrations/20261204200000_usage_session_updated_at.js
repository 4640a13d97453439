// @ts-check

/**
 * When a usage session last changed (opened or closed): metering copies only what
 * changed since its last run instead of re-reading everything since the oldest open
 * session. Existing rows get the last time they are known to have changed.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('usage_sessions', table => {
    table
      .timestamp('updated_at', { useTz: true, precision: 3 })
      .nullable()
      .comment('set on every insert and update: what metering pages by');
  });
  await knex('usage_sessions').update({
    updated_at: knex.raw('COALESCE(ended_at, started_at)'),
  });
  await knex.schema.alterTable('usage_sessions', table => {
    table.index(['updated_at', 'id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('usage_sessions', table => {
    table.dropIndex(['updated_at', 'id']);
    table.dropColumn('updated_at');
  });
};
