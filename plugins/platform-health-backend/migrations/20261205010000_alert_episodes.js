// @ts-check

/**
 * Alert and status episodes: an episode starts when an alert fires or a service turns
 * down or degraded, and ends when it resolves. `open_key` is the episode's key while it
 * is open and NULL once resolved: its unique index lets one open episode per key exist
 * (NULLs never collide, on SQLite as on PostgreSQL), so replicas and restarts claim an
 * episode, and notify about it, once.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('platform_health_episodes', table => {
    table.comment(
      'Firing alerts and bad service states, from start to resolve',
    );
    table.bigIncrements('id').primary();
    table.string('episode_key', 512).notNullable();
    table.string('open_key', 512).nullable().unique();
    table.string('kind', 16).notNullable().comment('alert or status');
    table.string('name', 255).notNullable();
    table.string('component_ref', 512).nullable();
    table.string('severity', 64).nullable();
    table.text('summary').nullable();
    table.text('labels').notNullable().comment('JSON label set');
    table.bigInteger('started_at_ms').notNullable();
    table.bigInteger('resolved_at_ms').nullable();
    table.bigInteger('notified_at_ms').nullable();
    table.index(['started_at_ms'], 'platform_health_episodes_started_idx');
    table.index(['component_ref'], 'platform_health_episodes_component_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('platform_health_episodes');
};
