import type { TableProps } from '@backstage/core-components';
import {
  RESULT_VISIBILITIES,
  RESULTS_TEXT_FILTER_MAX,
  REVIEW_STATES,
  type ListResultsQuery,
  type ListResultsResponse,
  type Result,
  type ResultSortField,
  type ResultVisibility,
  type ReviewState,
} from '@internal/plugin-results-common';

/** The backend's sort field of each table column (by its `field`). */
const SORT_FIELD: Record<string, ResultSortField> = {
  title: 'title',
  projectRef: 'project',
  authorRef: 'author',
  visibility: 'visibility',
  reviewState: 'reviewState',
  latestVersion: 'latestVersion',
  updatedAt: 'updatedAt',
};

/** The backend's text filter of each text column. */
const TEXT_FILTER = {
  title: 'titleContains',
  projectRef: 'projectContains',
  authorRef: 'authorContains',
} as const;

/** material-table's remote data function, as Backstage's Table types it. */
type RemoteData = Extract<NonNullable<TableProps<Result>['data']>, (...args: any[]) => any>;
type Query = Parameters<RemoteData>[0];
type QueryResult = Awaited<ReturnType<RemoteData>>;

const text = (value: string) => value.trim().slice(0, RESULTS_TEXT_FILTER_MAX);

/** What material-table's query (page, sort, column filters, search) asks `GET /results`. */
export function pageQuery(query: Query): ListResultsQuery {
  const request: ListResultsQuery = {
    offset: query.page * query.pageSize,
    limit: query.pageSize,
  };
  const sort = SORT_FIELD[String(query.orderBy?.field ?? '')];
  if (sort && query.orderDirection) {
    request.sort = sort;
    request.order = query.orderDirection;
  }
  for (const filter of query.filters ?? []) {
    const field = String(filter.column.field ?? '');
    const value: unknown = filter.value;
    const chosen = Array.isArray(value) ? value : [];
    const visibility = chosen.filter(v => RESULT_VISIBILITIES.includes(v));
    const reviewState = chosen.filter(v => REVIEW_STATES.includes(v));
    if (field === 'visibility') {
      if (visibility.length) request.visibility = visibility as ResultVisibility[];
    } else if (field === 'reviewState') {
      if (reviewState.length) request.reviewState = reviewState as ReviewState[];
    } else if (field in TEXT_FILTER && typeof value === 'string' && text(value)) {
      request[TEXT_FILTER[field as keyof typeof TEXT_FILTER]] = text(value);
    }
  }
  const search = text(query.search ?? '');
  if (search) request.q = search;
  return request;
}

const SORT_LABEL: Record<ResultSortField, string> = {
  title: 'title',
  updatedAt: 'last update',
  latestVersion: 'versions',
  visibility: 'visibility',
  reviewState: 'review',
  author: 'author',
  project: 'project',
};

/** The order a page is in, as the table's title says it: "newest first", "by title, Z to A". */
export function orderLabel(sort: ResultSortField = 'updatedAt', order: 'asc' | 'desc' = 'desc') {
  if (sort === 'updatedAt') return order === 'desc' ? 'newest first' : 'oldest first';
  if (sort === 'latestVersion') return `by versions, ${order === 'desc' ? 'most' : 'fewest'} first`;
  return `by ${SORT_LABEL[sort]}, ${order === 'desc' ? 'Z to A' : 'A to Z'}`;
}

/**
 * material-table's remote `data`: one page from the backend within `base` (project,
 * author or team), rows copied (it writes into them); `onPage` hears what was asked
 * and how many results match.
 */
export function remoteResults(
  listResults: (query: ListResultsQuery) => Promise<ListResultsResponse>,
  base: ListResultsQuery,
  onPage: (asked: ListResultsQuery, totalCount: number) => void,
) {
  return async (query: Query): Promise<QueryResult> => {
    const asked = { ...base, ...pageQuery(query) };
    const answer = await listResults(asked);
    onPage(asked, answer.totalCount);
    return {
      data: answer.items.map(r => ({ ...r })),
      page: query.page,
      totalCount: answer.totalCount,
    };
  };
}
