// @ts-check

/**
 * The environment version a workspace runs, when its environment is a conda-store
 * environment: the conda-store build id (its current build at the first launch, the
 * recorded one for a reproduction), on the workspace and per launch in the history.
 * Curated environments are versioned by their entity ref and leave it empty.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('workspaces', table => {
    table
      .integer('environment_build')
      .nullable()
      .comment('conda-store build id of the environment the workspace runs');
  });
  await knex.schema.alterTable('workspace_events', table => {
    table
      .integer('environment_build')
      .nullable()
      .comment('on launches: the conda-store build id of the environment');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('workspace_events', table => {
    table.dropColumn('environment_build');
  });
  await knex.schema.alterTable('workspaces', table => {
    table.dropColumn('environment_build');
  });
};
