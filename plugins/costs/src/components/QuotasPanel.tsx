import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import EditIcon from '@material-ui/icons/Edit';
import {
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { QuotaSpec, QuotaStatus } from '@internal/plugin-costs-common';
import { costsApiRef } from '../api';
import { SubjectCell } from './BudgetsPanel';
import { ConfirmDialog } from './ConfirmDialog';
import { QuotaDialog } from './QuotaDialog';
import { formatNumber, loadErrorTitle, shortRef } from './format';

/** "3 / 4", "3 (no limit)"; red when at or over the limit. */
function Usage(props: { used: number; max?: number }) {
  const { used, max } = props;
  if (max === undefined || max === null) {
    return (
      <Typography variant="body2" color="textSecondary">
        {formatNumber(used)} (no limit)
      </Typography>
    );
  }
  return (
    <Typography variant="body2" color={used >= max ? 'error' : 'initial'}>
      {formatNumber(used)} / {formatNumber(max)}
    </Typography>
  );
}

/** Every quota, what is in use under it and which workspaces hold it (admins). */
export function QuotasPanel() {
  const api = useApi(costsApiRef);
  const quotas = useAsyncRetry(() => api.listQuotas(), [api]);
  const [editing, setEditing] = useState<{ quota?: QuotaSpec }>();
  const [removing, setRemoving] = useState<QuotaStatus>();
  const { retry } = quotas;

  const columns = useMemo<TableColumn<QuotaStatus>[]>(
    () => [
      {
        title: 'Subject',
        field: 'subjectRef',
        highlight: true,
        render: q => <SubjectCell subjectRef={q.subjectRef} />,
      },
      {
        title: 'CPU cores',
        field: 'used.cpu',
        filtering: false,
        render: q => <Usage used={q.used.cpu} max={q.maxCpu} />,
      },
      {
        title: 'Memory (GiB)',
        field: 'used.memoryGiB',
        filtering: false,
        render: q => <Usage used={q.used.memoryGiB} max={q.maxMemoryGiB} />,
      },
      {
        title: 'GPUs',
        field: 'used.gpu',
        filtering: false,
        render: q => <Usage used={q.used.gpu} max={q.maxGpu} />,
      },
      {
        title: 'Running workspaces',
        field: 'used.runningWorkspaces',
        filtering: false,
        render: q => (
          <Usage used={q.used.runningWorkspaces} max={q.maxRunningWorkspaces} />
        ),
      },
      {
        title: 'Held by',
        sorting: false,
        filtering: false,
        // Search finds a quota by a workspace or person holding it.
        customFilterAndSearch: (term: string, q: QuotaStatus) =>
          q.workspaces.some(w =>
            `${w.name} ${w.user}`
              .toLocaleLowerCase('en-US')
              .includes(term.toLocaleLowerCase('en-US')),
          ),
        render: q =>
          q.workspaces.length === 0 ? (
            '—'
          ) : (
            <Box component="ul" m={0} pl={2}>
              {q.workspaces.map(w => (
                <li key={w.id}>
                  {w.name} ({shortRef(w.user)}): {formatNumber(w.cpu)} CPU ·{' '}
                  {formatNumber(w.memoryGiB)} GiB
                  {w.gpu > 0 ? ` · ${formatNumber(w.gpu)} GPU` : ''}
                </li>
              ))}
            </Box>
          ),
      },
      {
        title: 'Actions',
        sorting: false,
        filtering: false,
        searchable: false,
        render: q => (
          <Box display="flex">
            <IconButton
              size="small"
              aria-label={`Edit the quota of ${shortRef(q.subjectRef)}`}
              onClick={() => setEditing({ quota: q })}
            >
              <EditIcon fontSize="small" />
            </IconButton>
            <IconButton
              size="small"
              aria-label={`Remove the quota of ${shortRef(q.subjectRef)}`}
              onClick={() => setRemoving(q)}
            >
              <DeleteIcon fontSize="small" />
            </IconButton>
          </Box>
        ),
      },
    ],
    [],
  );
  const rows = useMemo(
    () => (quotas.value ?? []).map(q => ({ ...q })),
    [quotas.value],
  );

  return (
    <>
      <Box display="flex" alignItems="center" mb={1}>
        <Typography variant="h6" component="h2">
          Quotas
        </Typography>
        <Box flexGrow={1} />
        <Button
          variant="contained"
          color="primary"
          startIcon={<AddIcon />}
          onClick={() => setEditing({})}
        >
          Set quota
        </Button>
      </Box>
      {quotas.error ? (
        <ResponseErrorPanel
          error={quotas.error}
          title={loadErrorTitle('the quotas', quotas.error)}
        />
      ) : (
        <Table<QuotaStatus>
          title="Limits on running workspaces, and what is in use now"
          isLoading={quotas.loading}
          data={rows}
          columns={columns}
          emptyContent={
            <Box p={2}>
              No quotas yet. “Set quota” limits the CPU, memory, GPUs or running
              workspaces of a person or group.
            </Box>
          }
          options={{
            sorting: true,
            search: true,
            padding: 'dense',
            paging: rows.length > 10,
            pageSize: 10,
          }}
        />
      )}
      <QuotaDialog
        open={!!editing}
        quota={editing?.quota}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          retry();
        }}
      />
      <ConfirmDialog
        open={!!removing}
        title={`Remove the quota of ${
          removing ? shortRef(removing.subjectRef) : ''
        }?`}
        text="Launches are no longer checked against these limits."
        confirmLabel="Remove"
        onClose={() => setRemoving(undefined)}
        onConfirm={async () => {
          await api.deleteQuota(removing!.subjectRef);
          retry();
        }}
      />
    </>
  );
}
