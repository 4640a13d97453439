import { sqlContains } from '@internal/backend-route-kit';
import type { WorkspaceStatus } from '@internal/plugin-workspaces-common';
import type { Knex } from 'knex';
import { toWorkspace, type WorkspaceRow } from './rows';
import type { StoredWorkspace } from './WorkspacesStore';

/** The columns a workspaces page may be sorted by, as the API names them. */
export const WORKSPACE_SORT_FIELDS = [
  'name',
  'owner',
  'profile',
  'project',
  'status',
  'lastActivity',
  'createdAt',
] as const;
export type WorkspaceSortField = (typeof WORKSPACE_SORT_FIELDS)[number];

/** The columns a text filter ("contains") may apply to. */
export const WORKSPACE_TEXT_FIELDS = [
  'name',
  'owner',
  'profile',
  'project',
] as const;
export type WorkspaceTextField = (typeof WORKSPACE_TEXT_FIELDS)[number];

/** One page of workspaces: filtered, sorted and cut in SQL. */
export interface WorkspacePageQuery {
  /** Exact user entity ref. */
  owner?: string;
  /** Exact project entity ref (lower case). */
  project?: string;
  statuses?: WorkspaceStatus[];
  /** Exact profile slug. */
  profile?: string;
  /** Case-insensitive text in the name, owner, profile or project. */
  search?: string;
  /** Case-insensitive text per column (the table's column filters). */
  contains?: Partial<Record<WorkspaceTextField, string>>;
  sort: WorkspaceSortField;
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
}

export interface StoredWorkspacePage {
  items: StoredWorkspace[];
  /** How many workspaces match the filters, all pages together. */
  total: number;
}

const column: Record<WorkspaceSortField, string> = {
  name: 'name',
  owner: 'owner',
  profile: 'profile',
  project: 'project',
  status: 'status',
  lastActivity: 'last_activity',
  createdAt: 'created_at',
};

const NULLABLE = new Set<WorkspaceSortField>(['project', 'lastActivity']);

// Exact filters (owner, status, profile, project) narrow first: the text filters' leading
// wildcard cannot use an index.
function applyFilters(query: Knex.QueryBuilder, q: WorkspacePageQuery) {
  if (q.owner) query.where('owner', q.owner);
  if (q.project) query.where('project', q.project);
  if (q.profile) query.where('profile', q.profile);
  if (q.statuses) query.whereIn('status', q.statuses);
  for (const field of WORKSPACE_TEXT_FIELDS) {
    const text = q.contains?.[field];
    if (text) query.whereRaw(...sqlContains(column[field], text));
  }
  if (q.search) {
    const search = q.search;
    query.where(any => {
      for (const field of WORKSPACE_TEXT_FIELDS) {
        any.orWhereRaw(...sqlContains(column[field], search));
      }
    });
  }
  return query;
}

/** A page and the total in two indexed queries (count, then the rows of the page). */
export async function pageWorkspaces(
  db: Knex,
  q: WorkspacePageQuery,
): Promise<StoredWorkspacePage> {
  const [{ total }] = await applyFilters(db('workspaces'), q).count({
    total: '*',
  });
  // Missing values (no project, never active) come last whichever way one sorts, and
  // the id breaks ties so that rows never move between pages.
  // (Raw: knex's `nulls` option on SQLite orders by `col is null` and drops the column.)
  // NOT NULL columns get no NULLS clause, so that their index gives the order.
  const order = q.order === 'desc' ? 'desc' : 'asc';
  const rows: WorkspaceRow[] = await applyFilters(db('workspaces'), q)
    .orderByRaw(
      `?? ${order}${NULLABLE.has(q.sort) ? ' nulls last' : ''}${
        q.sort === 'owner' ? `, name ${order}` : ''
      }, id ${order}`,
      [column[q.sort]],
    )
    .offset(q.offset)
    .limit(q.limit);
  return { items: rows.map(toWorkspace), total: Number(total) };
}
