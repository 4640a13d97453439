import { Table, type TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { tableOptions } from '@internal/frontend-kit';
import type { AlertEpisode } from '@internal/plugin-platform-health-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { ResponseErrorPanel } from '@backstage/core-components';
import { platformHealthApiRef } from '../api';

const time = (iso?: string) => (iso ? new Date(iso).toLocaleString() : '');

const columns: TableColumn<AlertEpisode>[] = [
  {
    title: 'Started',
    field: 'startedAt',
    defaultSort: 'desc',
    render: e => time(e.startedAt),
    filtering: false,
  },
  {
    title: 'Resolved',
    field: 'resolvedAt',
    render: e => (e.resolvedAt ? time(e.resolvedAt) : 'ongoing'),
    filtering: false,
  },
  {
    title: 'Kind',
    field: 'kind',
    lookup: { alert: 'alert', status: 'service state' },
  },
  { title: 'Alert or state', field: 'name', highlight: true },
  {
    title: 'Component',
    field: 'componentRef',
    render: e => e.componentRef?.replace(/^component:default\//, '') ?? '—',
  },
  { title: 'Severity', field: 'severity' },
  { title: 'Summary', field: 'summary' },
  {
    title: 'Owners told',
    field: 'notifiedAt',
    render: e => (e.notifiedAt ? time(e.notifiedAt) : '—'),
    filtering: false,
  },
];

/**
 * What fired and what went bad in the last 7 days, with when the owners were told:
 * sortable, filterable per column. For DevOps and admins (the backend checks).
 */
export function AlertHistoryTable() {
  const api = useApi(platformHealthApiRef);
  const episodes = useAsyncRetry(() => api.listAlertHistory(), [api]);
  useInterval(() => episodes.retry(), 60_000);
  if (episodes.error) return <ResponseErrorPanel error={episodes.error} />;
  return (
    <Table<AlertEpisode>
      title="Alert history (last 7 days)"
      isLoading={episodes.loading && !episodes.value}
      options={tableOptions({
        filtering: true,
        search: true,
        paging: true,
        pageSize: 20,
      })}
      columns={columns}
      data={episodes.value ?? []}
      emptyContent={
        <div style={{ padding: 16 }}>
          No alert fired and no service went down or degraded in the last 7
          days.
        </div>
      }
    />
  );
}
