// @ts-check

/**
 * Results, their versions (one git commit each), who a `named` result is shared with,
 * comments and reviews. Times are ISO 8601 UTC strings (sortable, equal on both
 * engines). Entity refs are stored lower case, as the permission claims compare them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('results', table => {
    table.comment('Published results: a notebook with its versions');
    table.string('id').primary();
    table.string('title', 300).notNullable();
    table.string('project_ref').nullable();
    table.string('owner_team_ref').nullable();
    table.string('author_ref').notNullable();
    table.string('visibility', 16).notNullable();
    table.string('notebook_path', 1024).notNullable();
    table.string('repository', 300).notNullable().comment('local-git owner/name');
    table.integer('latest_version').notNullable();
    table.string('review_state', 32).notNullable();
    table.string('created_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
    // The visibility filter's branches, each an index seek.
    table.index(['author_ref'], 'results_author_idx');
    table.index(['visibility', 'owner_team_ref'], 'results_visibility_team_idx');
    table.index(['project_ref'], 'results_project_idx');
    table.index(['updated_at'], 'results_updated_idx');
  });
  await knex.schema.createTable('result_grants', table => {
    table.comment('People and groups a `named` result is shared with');
    table
      .string('result_id')
      .notNullable()
      .references('id')
      .inTable('results')
      .onDelete('CASCADE');
    table.string('subject_ref').notNullable();
    table.primary(['result_id', 'subject_ref']);
    table.index(['subject_ref', 'result_id'], 'result_grants_subject_idx');
  });
  await knex.schema.createTable('result_versions', table => {
    table
      .string('result_id')
      .notNullable()
      .references('id')
      .inTable('results')
      .onDelete('CASCADE');
    table.integer('version').notNullable();
    table.text('message').notNullable();
    table.string('author_ref').notNullable();
    table.string('created_at', 32).notNullable();
    table.string('commit', 64).notNullable();
    table.string('content_hash', 64).notNullable();
    table.bigInteger('size_bytes').notNullable();
    table.integer('cell_count').notNullable();
    table.string('source_path', 1024).notNullable();
    table.text('provenance').notNullable().comment('JSON ResultProvenance');
    table
      .text('summary')
      .notNullable()
      .comment('JSON NotebookSummary: sources and output hashes, what diffs read');
    table.primary(['result_id', 'version']);
  });
  await knex.schema.createTable('result_comments', table => {
    table.string('id').primary();
    table
      .string('result_id')
      .notNullable()
      .references('id')
      .inTable('results')
      .onDelete('CASCADE');
    table.integer('version').notNullable();
    table.string('cell_id', 200).nullable();
    table.string('author_ref').notNullable();
    table.text('body').notNullable();
    table.string('created_at', 32).notNullable();
    table.index(['result_id', 'version'], 'result_comments_version_idx');
  });
  await knex.schema.createTable('result_reviews', table => {
    table.string('id').primary();
    table
      .string('result_id')
      .notNullable()
      .references('id')
      .inTable('results')
      .onDelete('CASCADE');
    table.integer('version').notNullable();
    table.string('requested_by').notNullable();
    table.string('reviewer_ref').notNullable();
    table.text('message').notNullable();
    table.string('state', 32).notNullable();
    table.text('note').nullable();
    table.string('created_at', 32).notNullable();
    table.string('decided_at', 32).nullable();
    table.index(['result_id'], 'result_reviews_result_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('result_reviews');
  await knex.schema.dropTable('result_comments');
  await knex.schema.dropTable('result_versions');
  await knex.schema.dropTable('result_grants');
  await knex.schema.dropTable('results');
};
