import { useApi } from '@backstage/frontend-plugin-api';
import { useMemo, useState } from 'react';
import {
  Link,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  AsyncContent,
  couldNotLoad,
  tableOptions,
} from '@internal/frontend-kit';
import {
  RESULTS_LIST_MAX_LIMIT,
  type ListResultsQuery,
  type Result,
} from '@internal/plugin-results-common';
import { resultsApiRef } from '../api';
import {
  REVIEW_LABELS,
  VISIBILITY_LABELS,
  entityPath,
  formatTime,
  shortRef,
} from './format';
import { orderLabel, remoteResults } from './remoteResults';

/** Where a result's page is. */
export const resultPath = (id: string) => `/results/${encodeURIComponent(id)}`;

const columns: TableColumn<Result>[] = [
  {
    title: 'Title',
    field: 'title',
    highlight: true,
    render: r => <Link to={resultPath(r.id)}>{r.title}</Link>,
  },
  {
    title: 'Project',
    field: 'projectRef',
    render: r =>
      r.projectRef ? (
        <Link to={entityPath(r.projectRef)}>{shortRef(r.projectRef)}</Link>
      ) : (
        'personal'
      ),
  },
  { title: 'Author', field: 'authorRef', render: r => shortRef(r.authorRef) },
  {
    title: 'Visibility',
    field: 'visibility',
    lookup: VISIBILITY_LABELS,
    render: r => <Chip size="small" label={VISIBILITY_LABELS[r.visibility]} />,
  },
  {
    title: 'Review',
    field: 'reviewState',
    lookup: REVIEW_LABELS,
    render: r => REVIEW_LABELS[r.reviewState] ?? r.reviewState,
  },
  {
    title: 'Versions',
    field: 'latestVersion',
    type: 'numeric',
    filtering: false,
  },
  {
    title: 'Updated',
    field: 'updatedAt',
    defaultSort: 'desc',
    filtering: false,
    render: r => formatTime(r.updatedAt),
  },
];

/** How many results a list asks for (the backend's most); it filters by visibility in SQL. */
export const RESULTS_PAGE_LIMIT = RESULTS_LIST_MAX_LIMIT;

/**
 * The results the viewer may see, filtered by project, author or team: sortable by
 * every column, with a filter row (text, or a choice for visibility and review). Past
 * what one request holds, the table pages through the backend, which sorts, filters
 * and searches the whole list; the title says the order and how many match.
 */
export function ResultsTable(props: {
  query?: ListResultsQuery;
  title?: string;
  emptyText?: string;
}) {
  const { query = {}, title = 'Results', emptyText } = props;
  const api = useApi(resultsApiRef);
  const key = JSON.stringify(query);
  const state = useAsyncRetry(
    () => api.listResults({ ...query, limit: RESULTS_PAGE_LIMIT }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key],
  );
  const [shown, setShown] = useState<{ asked: ListResultsQuery; totalCount: number }>();
  const remote = useMemo(
    () =>
      remoteResults(
        q => api.listResults(q),
        query,
        (asked, totalCount) => setShown({ asked, totalCount }),
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key],
  );
  const empty = (
    <div style={{ padding: 16 }}>
      {emptyText ?? 'No results yet. Publish a notebook from a running workspace.'}
    </div>
  );
  return (
    <AsyncContent state={state} failureTitle={couldNotLoad('the results')}>
      {({ items, totalCount }) =>
        totalCount > items.length ? (
          <Table<Result>
            title={`${title} (${shown?.totalCount ?? totalCount}, ${orderLabel(
              shown?.asked.sort,
              shown?.asked.order,
            )})`}
            columns={columns}
            data={remote}
            options={tableOptions<Result>({
              filtering: true,
              paging: true,
              pageSize: 50,
              pageSizeOptions: [20, 50, 100],
            })}
            emptyContent={empty}
          />
        ) : (
          <Table<Result>
            title={`${title} (${items.length})`}
            columns={columns}
            data={items}
            options={tableOptions<Result>({
              filtering: true,
              paging: items.length > 20,
              pageSize: 20,
            })}
            emptyContent={empty}
          />
        )
      }
    </AsyncContent>
  );
}
