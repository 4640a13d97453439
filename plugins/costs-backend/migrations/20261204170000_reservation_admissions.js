// @ts-check

/**
 * Reservations belong to one admission (one start attempt), not to a workspace: two
 * starts of one workspace each hold their own row, and the loser's release names its
 * own admission, so it cannot delete the winner's. Existing rows keep their workspace
 * id as their admission id.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('costs_admissions', table => {
    table.comment(
      'What admitted starts hold (quotas count these), by admission',
    );
    table.string('admission_id').primary();
    table.string('workspace_id').notNullable();
    table.string('workspace_name').notNullable();
    table.string('user_ref').notNullable();
    table.text('groups').notNullable().comment('JSON group refs');
    table.float('cpu').notNullable();
    table.float('memory_gib').notNullable();
    table.integer('gpu').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['workspace_id'], 'costs_admissions_workspace_idx');
  });
  await knex.raw(
    `INSERT INTO costs_admissions (admission_id, workspace_id, workspace_name, user_ref, groups, cpu, memory_gib, gpu, created_at)
     SELECT workspace_id, workspace_id, workspace_name, user_ref, groups, cpu, memory_gib, gpu, created_at
     FROM costs_reservations`,
  );
  await knex.schema.dropTable('costs_reservations');
  await knex.schema.renameTable('costs_admissions', 'costs_reservations');
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.createTable('costs_workspace_reservations', table => {
    table.string('workspace_id').primary();
    table.string('workspace_name').notNullable();
    table.string('user_ref').notNullable();
    table.text('groups').notNullable();
    table.float('cpu').notNullable();
    table.float('memory_gib').notNullable();
    table.integer('gpu').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
  });
  const rows = await knex('costs_reservations').orderBy('created_at', 'desc');
  const seen = new Set();
  for (const { admission_id: _a, ...row } of rows) {
    if (seen.has(row.workspace_id)) continue;
    seen.add(row.workspace_id);
    await knex('costs_workspace_reservations').insert(row);
  }
  await knex.schema.dropTable('costs_reservations');
  await knex.schema.renameTable(
    'costs_workspace_reservations',
    'costs_reservations',
  );
};
