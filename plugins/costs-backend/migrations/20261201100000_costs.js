// @ts-check

/**
 * Money is kept as integer micro-units (1e-6 of the currency's major unit) in bigint
 * columns, so that a day's rollup is exactly the sum of its sessions' slices.
 * Flags are integers (0/1) because they are aggregated with MAX() on both engines.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('costs_sessions', table => {
    table.comment(
      'Usage sessions copied from the workspaces plugin (what is priced)',
    );
    table.string('id').primary().comment('the usage session id in workspaces');
    table.string('workspace_id').notNullable();
    table.string('workspace_name').nullable();
    table.string('owner').notNullable().comment('user entity ref');
    table.text('groups').notNullable().comment("JSON: the owner's group refs");
    table.string('project').nullable();
    table.string('profile').notNullable();
    table.float('cpu').notNullable();
    table.float('memory_gib').notNullable();
    table.integer('gpu').notNullable();
    table.string('gpu_type').nullable();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('ended_at', { useTz: true }).nullable();
    table.text('end_reason').nullable();
    table.integer('idle_seconds').nullable();
    table
      .integer('demo')
      .notNullable()
      .defaultTo(0)
      .comment('1: seeded demo data');
    table.index(['ended_at']);
    table.index(['owner']);
  });

  await knex.schema.createTable('costs_session_groups', table => {
    table.comment(
      'Which groups a session is attributed to (each gets its full cost)',
    );
    table.string('session_id').notNullable();
    table.string('group_ref').notNullable();
    table.primary(['session_id', 'group_ref']);
    table.index(['group_ref']);
  });

  await knex.schema.createTable('costs_session_days', table => {
    table.comment(
      'The priced part of each ended session that falls on each UTC day',
    );
    table.string('session_id').notNullable();
    table.string('day', 10).notNullable().comment('YYYY-MM-DD (UTC)');
    table.bigInteger('duration_ms').notNullable();
    table.bigInteger('amount_micros').notNullable();
    table.primary(['session_id', 'day']);
    table.index(['day']);
  });

  await knex.schema.createTable('costs_daily', table => {
    table.comment(
      'Rollup of ended sessions by UTC day, user, project and profile',
    );
    table.string('day', 10).notNullable();
    table.string('user_ref').notNullable();
    table.string('project_ref').notNullable().comment("'' when no project");
    table.string('profile').notNullable();
    table.bigInteger('duration_ms').notNullable();
    table.bigInteger('amount_micros').notNullable();
    table.integer('demo').notNullable();
    table.primary(['day', 'user_ref', 'project_ref', 'profile']);
    table.index(['user_ref', 'day']);
  });

  await knex.schema.createTable('costs_daily_groups', table => {
    table.comment(
      'Rollup by UTC day and group (and user, project, profile): a session of several groups counts in full for each',
    );
    table.string('day', 10).notNullable();
    table.string('group_ref').notNullable();
    table.string('user_ref').notNullable();
    table.string('project_ref').notNullable();
    table.string('profile').notNullable();
    table.bigInteger('duration_ms').notNullable();
    table.bigInteger('amount_micros').notNullable();
    table.integer('demo').notNullable();
    table.primary(['day', 'group_ref', 'user_ref', 'project_ref', 'profile']);
    table.index(['group_ref', 'day']);
  });

  await knex.schema.createTable('costs_dirty_days', table => {
    table.comment(
      'Days whose rollups must be recomputed (survives a crash mid-way)',
    );
    table.string('day', 10).primary();
  });

  await knex.schema.createTable('costs_budgets', table => {
    table.string('subject_ref').primary().comment('user or group entity ref');
    table.bigInteger('monthly_amount_micros').notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.string('updated_by').nullable();
  });

  await knex.schema.createTable('costs_budget_alerts', table => {
    table.comment('Budget alerts sent: once per subject, month and threshold');
    table.string('subject_ref').notNullable();
    table.string('month', 7).notNullable();
    table.integer('threshold').notNullable().comment('percent; 101 = forecast');
    table.timestamp('sent_at', { useTz: true }).notNullable();
    table.primary(['subject_ref', 'month', 'threshold']);
  });

  await knex.schema.createTable('costs_quotas', table => {
    table.string('subject_ref').primary().comment('user or group entity ref');
    table.float('max_cpu').nullable();
    table.float('max_memory_gib').nullable();
    table.integer('max_gpu').nullable();
    table.integer('max_running_workspaces').nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.string('updated_by').nullable();
  });

  await knex.schema.createTable('costs_reservations', table => {
    table.comment('What admitted workspaces hold (quotas count these)');
    table.string('workspace_id').primary();
    table.string('workspace_name').notNullable();
    table.string('user_ref').notNullable();
    table.text('groups').notNullable().comment('JSON group refs');
    table.float('cpu').notNullable();
    table.float('memory_gib').notNullable();
    table.integer('gpu').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('costs_state', table => {
    table.comment('Cursors and lock rows');
    table.string('key').primary();
    table.text('value').nullable();
  });
  // Rows written first thing in a transaction to serialize it across replicas (a row
  // lock on PostgreSQL, the write lock on SQLite).
  await knex('costs_state').insert([
    { key: 'admission.lock', value: '0' },
    { key: 'rollup.lock', value: '0' },
  ]);
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const name of [
    'costs_state',
    'costs_reservations',
    'costs_quotas',
    'costs_budget_alerts',
    'costs_budgets',
    'costs_dirty_days',
    'costs_daily_groups',
    'costs_daily',
    'costs_session_days',
    'costs_session_groups',
    'costs_sessions',
  ]) {
    await knex.schema.dropTable(name);
  }
};
