import { useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { QuotaStatus } from '@internal/plugin-costs-common';
import { costsApiRef } from '../api';
import { QuotaForm } from './QuotaForm';
import { SubjectLimitsPanel } from './SubjectLimitsPanel';
import { formatNumber, shortRef } from './format';

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

/**
 * Every quota, what is in use under it and which workspaces hold it; for those who may
 * manage quotas, the dialogs to set, change and remove them.
 */
export function QuotasPanel(props: { canManage: boolean }) {
  const api = useApi(costsApiRef);
  const quotas = useAsyncRetry(() => api.listQuotas(), [api]);

  const columns = useMemo<TableColumn<QuotaStatus>[]>(
    () => [
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
    ],
    [],
  );

  return (
    <SubjectLimitsPanel<QuotaStatus>
      noun="quota"
      heading="Quotas"
      tableTitle="Limits on running workspaces, and what is in use now"
      emptyText="No quotas yet. “Set quota” limits the CPU, memory, GPUs or running workspaces of a person or group."
      removeText="Launches are no longer checked against these limits."
      columns={columns}
      state={quotas}
      remove={subjectRef => api.deleteQuota(subjectRef)}
      canManage={props.canManage}
      renderForm={form => (
        <QuotaForm
          quota={form.editing}
          onCancel={form.onCancel}
          onSaved={form.onSaved}
        />
      )}
    />
  );
}
