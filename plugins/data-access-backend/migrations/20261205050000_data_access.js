// @ts-check

/**
 * Grants (never deleted: ending one sets ended_at, so the history answers "who could
 * read X on date D"), access requests, launch records and the running workspaces the
 * revocation task found holding data without access. Times are ISO 8601 UTC strings
 * from Date#toISOString (fixed width, so they compare as text on both engines).
 * Entity refs are stored lower case. Comments must not hold an apostrophe: knex writes
 * them into PostgreSQL's COMMENT ON unescaped.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('data_access_grants', table => {
    table.comment('Access to a data source held by a group or a person');
    table.string('id').primary();
    table.string('source').notNullable();
    table.string('subject').notNullable();
    table.string('access', 16).notNullable().comment("'read' or 'read-write'");
    table.string('expires_at', 32).nullable();
    table.string('granted_by').notNullable();
    table.string('granted_at', 32).notNullable();
    table.string('ended_at', 32).nullable();
    table.string('ended_by').nullable();
    table.string('end_reason', 500).nullable();
    table.string('request_id').nullable();
    // The launch's hot path: subject IN (person, their groups) AND ended_at IS NULL AND
    // expires_at unset or later. A seek per subject on (subject, ended_at); source,
    // access and expires_at in the index so the rows themselves are never read.
    table.index(
      ['subject', 'ended_at', 'source', 'access', 'expires_at'],
      'data_access_grants_resolve_idx',
    );
    // A source's grants (its page, the Access page, the history of who could read it).
    table.index(['source', 'granted_at'], 'data_access_grants_source_idx');
    // No index on (ended_at, expires_at) for the once-a-minute expiry sweep: on a table
    // without statistics yet (just after a bulk load) PostgreSQL chose it for the
    // resolution above and read every open grant (8 ms instead of 1.5 at 50,000).
  });
  await knex.schema.createTable('data_access_requests', table => {
    table.comment('A request for access to a data source, and its decisions');
    table.string('id').primary();
    table.string('source').notNullable();
    table.string('requester').notNullable();
    table.string('for_group').nullable();
    table.string('access', 16).notNullable();
    table.text('reason').notNullable();
    table.string('expires_at', 32).nullable();
    table.string('status', 32).notNullable();
    table.string('created_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
    table.text('decisions').notNullable().comment('JSON array of AccessRequest decisions');
    table.string('grant_id').nullable();
    table.index(['source', 'status'], 'data_access_requests_source_idx');
    table.index(['requester', 'status'], 'data_access_requests_requester_idx');
  });
  await knex.schema.createTable('data_access_launches', table => {
    table.comment('What data each workspace launch received (reproduction and audit)');
    table.string('id').primary();
    table.string('workspace_id').notNullable();
    table.string('user').notNullable();
    table.text('sources').notNullable().comment('JSON [{ref, access, snapshot?}]');
    table.string('launched_at', 32).notNullable();
    table.string('ended_at', 32).nullable();
    table.index(['workspace_id', 'launched_at'], 'data_access_launches_workspace_idx');
    table.index(['ended_at'], 'data_access_launches_open_idx');
  });
  await knex.schema.createTable('data_access_held', table => {
    table.comment(
      'Running workspaces holding data their owner may no longer use, as the last revocation check found them',
    );
    table.string('workspace_id').notNullable();
    table.string('source').notNullable();
    table.string('user').notNullable();
    table.string('source_name').notNullable();
    table.string('launched_at', 32).notNullable();
    table.string('reason', 500).notNullable();
    table.string('action', 16).notNullable();
    table.primary(['workspace_id', 'source']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('data_access_held');
  await knex.schema.dropTable('data_access_launches');
  await knex.schema.dropTable('data_access_requests');
  await knex.schema.dropTable('data_access_grants');
};
