import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
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
import {
  FORECAST_ALERT_THRESHOLD,
  type BudgetSpec,
  type BudgetStatus,
} from '@internal/plugin-costs-common';
import { costsApiRef } from '../api';
import { BudgetBar } from './BudgetBar';
import { BudgetDialog } from './BudgetDialog';
import { ConfirmDialog } from './ConfirmDialog';
import {
  formatMoney,
  formatMonth,
  loadErrorTitle,
  refKind,
  shortRef,
} from './format';

export function alertLabel(threshold: number): string {
  return threshold === FORECAST_ALERT_THRESHOLD ? 'forecast' : `${threshold}%`;
}

export function SubjectCell(props: { subjectRef: string }) {
  return (
    <>
      {shortRef(props.subjectRef)}
      <Typography variant="caption" color="textSecondary" display="block">
        {refKind(props.subjectRef) ?? ''}
      </Typography>
    </>
  );
}

/** Every budget with its month so far, and the dialogs to set, change and remove them (admins). */
export function BudgetsPanel(props: { currency: string }) {
  const { currency } = props;
  const api = useApi(costsApiRef);
  const budgets = useAsyncRetry(() => api.listBudgets(), [api]);
  const [editing, setEditing] = useState<{ budget?: BudgetSpec }>();
  const [removing, setRemoving] = useState<BudgetStatus>();
  const { retry } = budgets;

  const columns = useMemo<TableColumn<BudgetStatus>[]>(
    () => [
      {
        title: 'Subject',
        field: 'subjectRef',
        highlight: true,
        render: b => <SubjectCell subjectRef={b.subjectRef} />,
      },
      {
        title: 'Monthly budget',
        field: 'monthlyAmount',
        type: 'numeric',
        filtering: false,
        render: b => formatMoney(b.monthlyAmount, currency),
      },
      {
        title: 'Spent',
        field: 'percent',
        filtering: false,
        defaultSort: 'desc',
        render: b => (
          <Box minWidth={160}>
            {formatMoney(b.spent, currency)}
            <BudgetBar
              percent={b.percent}
              label={`${shortRef(b.subjectRef)}: budget spent`}
            />
          </Box>
        ),
      },
      {
        title: 'Forecast',
        field: 'forecastPercent',
        filtering: false,
        render: b => (
          <>
            {formatMoney(b.forecast, currency)}
            <Typography
              variant="caption"
              color={b.forecastPercent > 100 ? 'error' : 'textSecondary'}
              display="block"
            >
              {Math.round(b.forecastPercent)}% of the budget
            </Typography>
          </>
        ),
      },
      {
        title: 'Alerts sent',
        field: 'alertsSent',
        sorting: false,
        filtering: false,
        searchable: false,
        render: b =>
          b.alertsSent.length === 0 ? (
            '—'
          ) : (
            <Box display="flex" gridGap={4} flexWrap="wrap">
              {[...b.alertsSent]
                .sort((x, y) => x - y)
                .map(t => (
                  <Chip key={t} size="small" label={alertLabel(t)} />
                ))}
            </Box>
          ),
      },
      {
        title: 'Actions',
        sorting: false,
        filtering: false,
        searchable: false,
        render: b => (
          <Box display="flex">
            <IconButton
              size="small"
              aria-label={`Edit the budget of ${shortRef(b.subjectRef)}`}
              onClick={() => setEditing({ budget: b })}
            >
              <EditIcon fontSize="small" />
            </IconButton>
            <IconButton
              size="small"
              aria-label={`Remove the budget of ${shortRef(b.subjectRef)}`}
              onClick={() => setRemoving(b)}
            >
              <DeleteIcon fontSize="small" />
            </IconButton>
          </Box>
        ),
      },
    ],
    [currency],
  );
  // Material-table writes its per-row state into the objects; copies keep ours intact.
  const rows = useMemo(
    () => (budgets.value ?? []).map(b => ({ ...b })),
    [budgets.value],
  );
  const month = budgets.value?.[0]?.month;

  return (
    <>
      <Box display="flex" alignItems="center" mb={1}>
        <Typography variant="h6" component="h2">
          Budgets{month ? ` — ${formatMonth(month)}` : ''}
        </Typography>
        <Box flexGrow={1} />
        <Button
          variant="contained"
          color="primary"
          startIcon={<AddIcon />}
          onClick={() => setEditing({})}
        >
          Set budget
        </Button>
      </Box>
      {budgets.error ? (
        <ResponseErrorPanel
          error={budgets.error}
          title={loadErrorTitle('the budgets', budgets.error)}
        />
      ) : (
        <Table<BudgetStatus>
          title="Monthly budgets per person and group"
          isLoading={budgets.loading}
          data={rows}
          columns={columns}
          emptyContent={
            <Box p={2}>
              No budgets yet. “Set budget” gives a person or group a monthly
              amount, with alerts as it is spent.
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
      <BudgetDialog
        open={!!editing}
        budget={editing?.budget}
        currency={currency}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          retry();
        }}
      />
      <ConfirmDialog
        open={!!removing}
        title={`Remove the budget of ${
          removing ? shortRef(removing.subjectRef) : ''
        }?`}
        text="Its spending stays in the reports; no more alerts go out for it."
        confirmLabel="Remove"
        onClose={() => setRemoving(undefined)}
        onConfirm={async () => {
          await api.deleteBudget(removing!.subjectRef);
          retry();
        }}
      />
    </>
  );
}
