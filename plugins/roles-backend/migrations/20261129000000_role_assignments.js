// @ts-check

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('role_assignments', table => {
    table.comment('Which user or group holds which Atrium role');
    table
      .string('subject_ref')
      .notNullable()
      .comment('user or group entity ref, lower case');
    table.string('role').notNullable().comment('admin or devops');
    table
      .string('source')
      .notNullable()
      .comment('config: seeded from app-config at start');
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.primary(['subject_ref', 'role']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('role_assignments');
};
