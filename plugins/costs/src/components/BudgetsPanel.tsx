import { useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import type { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  FORECAST_ALERT_THRESHOLD,
  type BudgetStatus,
} from '@internal/plugin-costs-common';
import { costsApiRef } from '../api';
import { BudgetBar } from './BudgetBar';
import { BudgetForm } from './BudgetForm';
import { SubjectLimitsPanel } from './SubjectLimitsPanel';
import { formatMoney, formatMonth, shortRef } from './format';

export function alertLabel(threshold: number): string {
  return threshold === FORECAST_ALERT_THRESHOLD ? 'forecast' : `${threshold}%`;
}

/**
 * Every budget with its month so far; for those who may manage budgets, the dialogs to
 * set, change and remove them.
 */
export function BudgetsPanel(props: { currency: string; canManage: boolean }) {
  const { currency } = props;
  const api = useApi(costsApiRef);
  const budgets = useAsyncRetry(() => api.listBudgets(), [api]);

  const columns = useMemo<TableColumn<BudgetStatus>[]>(
    () => [
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
    ],
    [currency],
  );
  const month = budgets.value?.[0]?.month;

  return (
    <SubjectLimitsPanel<BudgetStatus>
      noun="budget"
      heading={`Budgets${month ? ` — ${formatMonth(month)}` : ''}`}
      tableTitle="Monthly budgets per person and group"
      emptyText="No budgets yet. “Set budget” gives a person or group a monthly amount, with alerts as it is spent."
      removeText="Its spending stays in the reports; no more alerts go out for it."
      columns={columns}
      state={budgets}
      remove={subjectRef => api.deleteBudget(subjectRef)}
      canManage={props.canManage}
      renderForm={form => (
        <BudgetForm
          budget={form.editing}
          currency={currency}
          onCancel={form.onCancel}
          onSaved={form.onSaved}
        />
      )}
    />
  );
}
