// @ts-check

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('role_assignments', table => {
    table
      .string('created_by')
      .nullable()
      .comment('user entity ref of the admin who added it');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('role_assignments', table => {
    table.dropColumn('created_by');
  });
};
