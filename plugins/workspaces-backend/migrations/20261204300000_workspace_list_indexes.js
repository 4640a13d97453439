// @ts-check

/**
 * Indexes for the paged workspaces list (sort and filter in SQL): a page of 50 out of
 * 10,000 workspaces reads the index in the sort order instead of sorting every row.
 * `owner` alone was indexed; the default order is owner then name.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('workspaces', table => {
    table.index(['owner', 'name'], 'workspaces_owner_name_idx');
    table.index(['name'], 'workspaces_name_idx');
    table.index(['status', 'owner'], 'workspaces_status_owner_idx');
    table.index(['profile', 'owner'], 'workspaces_profile_owner_idx');
    table.index(['last_activity'], 'workspaces_last_activity_idx');
    table.index(['created_at'], 'workspaces_created_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('workspaces', table => {
    table.dropIndex(['owner', 'name'], 'workspaces_owner_name_idx');
    table.dropIndex(['name'], 'workspaces_name_idx');
    table.dropIndex(['status', 'owner'], 'workspaces_status_owner_idx');
    table.dropIndex(['profile', 'owner'], 'workspaces_profile_owner_idx');
    table.dropIndex(['last_activity'], 'workspaces_last_activity_idx');
    table.dropIndex(['created_at'], 'workspaces_created_at_idx');
  });
};
