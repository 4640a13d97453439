import { sqlContains } from '@internal/backend-route-kit';
import type { ResultSortField } from '@internal/plugin-results-common';
import type { Knex } from 'knex';
import type { ListResultsOptions } from './ResultsStore';
import { applyResultsFilter } from './resultsFilter';
import { lower, type ResultRow } from './rows';

const column: Record<ResultSortField, string> = {
  title: 'title',
  updatedAt: 'updated_at',
  latestVersion: 'latest_version',
  visibility: 'visibility',
  reviewState: 'review_state',
  author: 'author_ref',
  project: 'project_ref',
};

// Exact filters (permission, project, author, team, visibility, review) narrow first:
// the text filters' leading wildcard cannot use an index.
function applyFilters(db: Knex, query: Knex.QueryBuilder, o: ListResultsOptions) {
  if (o.filter) applyResultsFilter(db, query, o.filter);
  if (o.project) query.where('project_ref', lower(o.project));
  if (o.author) query.where('author_ref', lower(o.author));
  if (o.team) query.where('owner_team_ref', lower(o.team));
  if (o.visibility?.length) query.whereIn('visibility', o.visibility);
  if (o.reviewState?.length) query.whereIn('review_state', o.reviewState);
  if (o.titleContains) query.whereRaw(...sqlContains('title', o.titleContains));
  if (o.authorContains) query.whereRaw(...sqlContains('author_ref', o.authorContains));
  if (o.projectContains) query.whereRaw(...sqlContains('project_ref', o.projectContains));
  if (o.search) query.whereRaw(...sqlContains('title', o.search));
  return query;
}

/**
 * One page of results the options select, and how many they select in all: filtered,
 * sorted and cut in SQL. Newest first unless asked otherwise.
 */
export async function pageResults(
  db: Knex,
  options: ListResultsOptions,
): Promise<{ rows: ResultRow[]; total: number }> {
  const [{ total }] = await applyFilters(db, db('results'), options).count({ total: '*' });
  const sort = options.sort ?? 'updatedAt';
  const order = options.order === 'asc' ? 'asc' : 'desc';
  // Titles in the order a person reads them (SQLite compares bytes: "Zebra" < "apple").
  // Personal results (no project) come last whichever way one sorts; the id breaks ties
  // so that rows never move between pages. (Raw: knex's `nulls` option on SQLite orders
  // by `col is null` and drops the column.)
  const sortColumn = sort === 'title' ? 'lower(title)' : '??';
  const rows: ResultRow[] = await applyFilters(db, db('results'), options)
    .orderByRaw(
      `${sortColumn} ${order}${sort === 'project' ? ' nulls last' : ''}, id ${order}`,
      sort === 'title' ? [] : [column[sort]],
    )
    .limit(options.limit)
    .offset(options.offset);
  return { rows, total: Number(total) };
}
