import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import {
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { IdleWasteRow } from '@internal/plugin-costs-common';
import { costsApiRef, type DateRange } from '../api';
import { formatMoney, formatNumber, loadErrorTitle, shortRef } from './format';
import { tableOptions } from '@internal/frontend-kit';

/**
 * Workspaces that ran idle before they stopped, and what that idle time cost, over a
 * period (admins): where a shorter idle timeout would pay.
 */
export function IdleWastePanel(props: { range: DateRange }) {
  const api = useApi(costsApiRef);
  const { from, to } = props.range;
  const waste = useAsync(() => api.getIdleWaste({ from, to }), [api, from, to]);
  const currency = waste.value?.currency ?? 'USD';
  const columns = useMemo<TableColumn<IdleWasteRow>[]>(
    () => [
      {
        title: 'Workspace',
        field: 'workspaceName',
        highlight: true,
        render: r => r.workspaceName ?? r.workspaceId,
      },
      { title: 'User', field: 'user', render: r => shortRef(r.user) },
      {
        title: 'Project',
        field: 'project',
        render: r => (r.project ? shortRef(r.project) : '—'),
      },
      { title: 'Profile', field: 'profile' },
      {
        title: 'Idle hours',
        field: 'idleHours',
        type: 'numeric',
        filtering: false,
        render: r => formatNumber(r.idleHours),
      },
      {
        title: 'Cost of idle time',
        field: 'cost',
        type: 'numeric',
        filtering: false,
        defaultSort: 'desc',
        render: r => formatMoney(r.cost, currency),
      },
      {
        title: 'Stopped',
        field: 'endedAt',
        filtering: false,
        render: r => (
          <span title={r.endedAt}>{new Date(r.endedAt).toLocaleString()}</span>
        ),
      },
    ],
    [currency],
  );
  const rows = useMemo(
    () => (waste.value?.rows ?? []).map(r => ({ ...r })),
    [waste.value],
  );

  if (waste.error) {
    return (
      <ResponseErrorPanel
        error={waste.error}
        title={loadErrorTitle('the idle waste', waste.error)}
      />
    );
  }
  const total = waste.value ? formatMoney(waste.value.total, currency) : '…';
  return (
    <Table<IdleWasteRow>
      title={`Idle waste: ${total} over ${rows.length} workspace session${
        rows.length === 1 ? '' : 's'
      }`}
      subtitle={`${from} to ${to} (exclusive): time between the last activity and the stop`}
      isLoading={waste.loading}
      data={rows}
      columns={columns}
      emptyContent={<Box p={2}>No idle time recorded in this period.</Box>}
      options={tableOptions({
        sorting: true,
        filtering: true,
        search: true,
        paging: rows.length > 10,
        pageSize: 10,
      })}
    />
  );
}
