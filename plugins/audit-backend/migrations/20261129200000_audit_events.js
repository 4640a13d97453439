// @ts-check

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('audit_events', table => {
    table.comment(
      'Every audited action: who, what, when, from where, before and after',
    );
    table.string('id').primary();
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('plugin').notNullable();
    table.string('event_id').notNullable();
    table.string('severity_level').notNullable();
    table.string('status').notNullable().comment('succeeded or failed');
    table.string('actor').nullable();
    table.string('ip').nullable();
    table.text('user_agent').nullable();
    table.string('method').nullable();
    table.text('url').nullable();
    table.text('error').nullable();
    table.text('meta').nullable().comment('JSON');
    table.index(['at']);
    table.index(['actor']);
    table.index(['plugin', 'event_id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('audit_events');
};
