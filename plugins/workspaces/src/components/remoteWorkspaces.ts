import { useEffect, useMemo, useRef } from 'react';
import type { TableProps } from '@backstage/core-components';
import type {
  Workspace,
  WorkspaceStatus,
} from '@internal/plugin-workspaces-common';
import type {
  WorkspacePageQuery,
  WorkspaceSortField,
} from '@internal/plugin-workspaces-react';
import type { WorkspaceList } from './useWorkspaceList';

const SORTABLE = new Set<string>([
  'name',
  'owner',
  'profile',
  'project',
  'status',
  'lastActivity',
]);
const TEXT_FILTERS = new Set(['name', 'owner', 'profile', 'project']);

/** material-table's remote data function, as Backstage's Table types it. */
type RemoteData = Extract<
  NonNullable<TableProps<Workspace>['data']>,
  (...args: any[]) => any
>;
type Query = Parameters<RemoteData>[0];
type QueryResult = Awaited<ReturnType<RemoteData>>;

type PageRequest = Omit<WorkspacePageQuery, 'scope' | 'project' | 'owner'>;

/** What material-table's query (page, sort, column filters, search) asks the backend. */
export function pageRequest(query: Query): PageRequest {
  const request: PageRequest = {
    offset: query.page * query.pageSize,
    limit: query.pageSize,
  };
  const field = String(query.orderBy?.field ?? '');
  if (SORTABLE.has(field) && query.orderDirection) {
    request.sort = field as WorkspaceSortField;
    request.order = query.orderDirection;
  }
  for (const filter of query.filters ?? []) {
    const name = String(filter.column.field ?? '');
    if (name === 'status' && Array.isArray(filter.value)) {
      if (filter.value.length)
        request.statuses = filter.value as WorkspaceStatus[];
    } else if (TEXT_FILTERS.has(name) && typeof filter.value === 'string') {
      const text = filter.value.trim();
      if (text) {
        request.contains = { ...request.contains, [name]: text.slice(0, 100) };
      }
    }
  }
  const search = query.search?.trim();
  if (search) request.search = search.slice(0, 100);
  return request;
}

/** material-table's remote `data`: one page from the backend, rows copied (it writes into them). */
export function remoteWorkspaces(
  fetchPage: NonNullable<WorkspaceList['fetchPage']>,
) {
  return async (query: Query): Promise<QueryResult> => {
    const page = await fetchPage(pageRequest(query));
    return {
      data: page.items.map(w => ({ ...w })),
      page: query.page,
      totalCount: page.total,
    };
  };
}

/**
 * The remote data of a paged list for `WorkspacesTable`, and the ref through which a
 * refresh (every 10 s, after an action) reloads the page shown; undefined for a whole list.
 */
export function useRemotePage(list: WorkspaceList) {
  const { fetchPage, version } = list;
  const tableRef = useRef<{ onQueryChange?: () => void }>();
  const data = useMemo(
    () => fetchPage && remoteWorkspaces(fetchPage),
    [fetchPage],
  );
  useEffect(() => {
    if (version) tableRef.current?.onQueryChange?.();
  }, [version]);
  return data ? { data, tableRef } : undefined;
}
