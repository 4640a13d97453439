// @ts-check

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('workspaces', table => {
    table.comment('Notebook workspaces: one JupyterHub named server each');
    table.string('id').primary();
    table.string('owner').notNullable().comment('user entity ref');
    table.string('hub_user').notNullable();
    table
      .text('owner_groups')
      .notNullable()
      .defaultTo('[]')
      .comment(
        "JSON: the owner's group refs as of the last start (idle policies, sessions)",
      );
    table.string('name').notNullable().comment('the hub named server');
    table.string('profile').notNullable();
    table.text('options').notNullable().comment('JSON: chosen profile options');
    table
      .text('resources')
      .notNullable()
      .comment('JSON: cpu, memoryGiB, gpu of the last start');
    table.string('project').nullable();
    table.string('environment').nullable();
    table.string('status').notNullable();
    table.text('status_reason').nullable();
    table.string('url').nullable();
    table.timestamp('last_activity', { useTz: true }).nullable();
    table.timestamp('started_at', { useTz: true }).nullable();
    table
      .timestamp('last_seen_running_at', { useTz: true })
      .nullable()
      .comment(
        'last time the hub reported it running: the end of a session stopped unseen',
      );
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.unique(['hub_user', 'name']);
    table.index(['owner']);
    table.index(['project']);
  });

  await knex.schema.createTable('workspace_events', table => {
    table.comment('State changes of workspaces, with why and by whom');
    table.bigIncrements('id').primary();
    table.string('workspace_id').notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('status').notNullable();
    table.text('reason').nullable();
    table
      .string('actor')
      .nullable()
      .comment('user entity ref, or null for the portal itself');
    table.index(['workspace_id']);
  });

  await knex.schema.createTable('usage_sessions', table => {
    table.comment('Periods a workspace ran: what costs are computed from');
    table.string('id').primary();
    table.string('workspace_id').notNullable();
    table.string('owner').notNullable();
    table
      .text('groups')
      .notNullable()
      .comment('JSON: the owner group refs at start');
    table.string('project').nullable();
    table.string('profile').notNullable();
    table.float('cpu').notNullable();
    table.float('memory_gib').notNullable();
    table.integer('gpu').notNullable();
    table.string('gpu_type').nullable();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('ended_at', { useTz: true }).nullable();
    table.text('end_reason').nullable();
    table.index(['workspace_id']);
    table.index(['owner']);
    table.index(['started_at']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('usage_sessions');
  await knex.schema.dropTable('workspace_events');
  await knex.schema.dropTable('workspaces');
};
