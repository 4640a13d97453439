import { useMemo } from 'react';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { Table, type TableColumn } from '@backstage/core-components';
import type { AuditLogEntry } from '@internal/plugin-audit-common';
import { EventDetail } from './EventDetail';
import { StatusChip } from './StatusChip';
import { formatLocalTime } from './format';
import { tableOptions } from '@internal/frontend-kit';

const none = '—';

const columns: TableColumn<AuditLogEntry>[] = [
  {
    title: 'Time',
    field: 'at',
    width: '12rem',
    render: e => (
      <Tooltip title={e.at}>
        <span>{formatLocalTime(e.at)}</span>
      </Tooltip>
    ),
  },
  { title: 'Plugin', field: 'plugin' },
  { title: 'Event', field: 'eventId', highlight: true },
  {
    title: 'Status',
    field: 'status',
    render: e => <StatusChip status={e.status} />,
  },
  { title: 'Actor', field: 'actor', render: e => e.actor ?? none },
  {
    title: 'From',
    field: 'ip',
    render: e =>
      e.ip ? <span title={e.userAgent ?? undefined}>{e.ip}</span> : none,
  },
  {
    title: 'Request',
    field: 'url',
    render: e =>
      e.method || e.url ? (
        <Typography
          variant="body2"
          component="span"
          style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
        >
          {[e.method, e.url].filter(Boolean).join(' ')}
        </Typography>
      ) : (
        none
      ),
  },
];

export const PAGE_SIZES = [20, 50, 100];

/**
 * One page of events; the backend pages, so the table only shows the page it is given
 * and reports page changes. A row opens its details.
 */
export function AuditLogTable(props: {
  page?: { items: AuditLogEntry[]; total: number };
  loading: boolean;
  pageIndex: number;
  pageSize: number;
  onPageChange: (pageIndex: number, pageSize: number) => void;
}) {
  const { page, loading, pageIndex, pageSize, onPageChange } = props;
  // Material-table writes its per-row state into the objects; copies keep ours intact.
  const rows = useMemo(() => (page?.items ?? []).map(e => ({ ...e })), [page]);
  const total = page?.total ?? 0;

  return (
    <Table<AuditLogEntry>
      title="Events"
      subtitle={
        page
          ? `${total.toLocaleString()} matching, newest first`
          : 'Newest first'
      }
      isLoading={loading}
      columns={columns}
      data={rows}
      page={pageIndex}
      totalCount={total}
      onPageChange={onPageChange}
      detailPanel={({ rowData }) => <EventDetail entry={rowData} />}
      onRowClick={(_event, _row, togglePanel) => togglePanel?.()}
      localization={{
        body: { emptyDataSourceMessage: 'No events match these filters' },
      }}
      options={tableOptions({
        paging: true,
        pageSize,
        pageSizeOptions: PAGE_SIZES,
        emptyRowsWhenPaging: false,
        search: false,
        sorting: false,
      })}
    />
  );
}
