// @ts-check

/**
 * What a workspace was launched from, so that it can be reproduced: the git commit of
 * its project (the environment and profile are recorded already), the workspace it
 * reproduces, and per launch (in the history) the profile, environment and commit.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('workspaces', table => {
    table
      .string('git_commit', 64)
      .nullable()
      .comment("the project's git commit the workspace was launched at");
    table
      .string('reproduced_from')
      .nullable()
      .comment('id of the workspace this one reproduces');
  });
  await knex.schema.alterTable('workspace_events', table => {
    table
      .string('profile')
      .nullable()
      .comment('on launches: the profile started');
    table
      .text('options')
      .nullable()
      .comment('on launches: JSON of the profile options started');
    table
      .string('environment')
      .nullable()
      .comment('on launches: the environment entity ref');
    table
      .string('git_commit', 64)
      .nullable()
      .comment("on launches: the project's git commit");
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('workspace_events', table => {
    table.dropColumn('git_commit');
    table.dropColumn('environment');
    table.dropColumn('options');
    table.dropColumn('profile');
  });
  await knex.schema.alterTable('workspaces', table => {
    table.dropColumn('reproduced_from');
    table.dropColumn('git_commit');
  });
};
