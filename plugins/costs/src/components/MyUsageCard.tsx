import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  BudgetStatus,
  MySummary,
  QuotaStatus,
} from '@internal/plugin-costs-common';
import { costsApiRef } from '../api';
import { BudgetBar } from './BudgetBar';
import { DemoDataChip } from './Controls';
import {
  formatMoney,
  formatMonth,
  formatNumber,
  loadErrorTitle,
  refKind,
  shortRef,
} from './format';

function Figure(props: { label: string; value: string; hint?: string }) {
  return (
    <Box>
      <Typography variant="overline" color="textSecondary">
        {props.label}
      </Typography>
      <Typography variant="h5" component="p">
        {props.value}
      </Typography>
      {props.hint && (
        <Typography variant="caption" color="textSecondary">
          {props.hint}
        </Typography>
      )}
    </Box>
  );
}

/** "mine" for the caller's own budget or quota, the group's name otherwise. */
function subjectTitle(subjectRef: string, me: string): string {
  if (subjectRef.toLocaleLowerCase('en-US') === me.toLocaleLowerCase('en-US')) {
    return 'Mine';
  }
  return `${refKind(subjectRef) === 'group' ? 'Group ' : ''}${shortRef(
    subjectRef,
  )}`;
}

export function BudgetLine(props: {
  budget: BudgetStatus;
  me: string;
  currency: string;
}) {
  const { budget, me, currency } = props;
  const remaining = budget.monthlyAmount - budget.spent;
  const title = subjectTitle(budget.subjectRef, me);
  return (
    <Box mb={2}>
      <Typography variant="subtitle2">
        {title}: {formatMoney(Math.max(0, remaining), currency)} left of{' '}
        {formatMoney(budget.monthlyAmount, currency)}
      </Typography>
      <BudgetBar percent={budget.percent} label={`${title}: budget spent`} />
      <Typography variant="caption" color="textSecondary">
        Forecast for the month: {formatMoney(budget.forecast, currency)} (
        {Math.round(budget.forecastPercent)}% of the budget)
        {remaining < 0 && ` — over by ${formatMoney(-remaining, currency)}`}
      </Typography>
    </Box>
  );
}

/** Free room under a quota's limits, e.g. "GPU 1 of 2 free · Workspaces 0 of 1 free". */
export function quotaHeadroom(quota: QuotaStatus): string[] {
  const parts: string[] = [];
  const add = (label: string, max: number | undefined, used: number) => {
    if (max === undefined || max === null) return;
    parts.push(
      `${label} ${formatNumber(Math.max(0, max - used))} of ${formatNumber(
        max,
      )} free`,
    );
  };
  add('CPU', quota.maxCpu, quota.used.cpu);
  add('Memory (GiB)', quota.maxMemoryGiB, quota.used.memoryGiB);
  add('GPU', quota.maxGpu, quota.used.gpu);
  add('Workspaces', quota.maxRunningWorkspaces, quota.used.runningWorkspaces);
  return parts;
}

function Summary(props: { summary: MySummary }) {
  const { summary } = props;
  const { currency } = summary;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={4}>
        <Box display="flex" flexWrap="wrap" gridGap={24}>
          <Figure label="Spent" value={formatMoney(summary.spent, currency)} />
          <Figure
            label="Forecast"
            value={formatMoney(summary.forecast, currency)}
            hint="by the end of the month, at this month's pace"
          />
          <Figure label="Hours" value={formatNumber(summary.hours)} />
        </Box>
        <Box mt={2}>
          <Typography variant="subtitle1">By profile</Typography>
          {summary.byProfile.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              No workspace has run this month.
            </Typography>
          ) : (
            <table aria-label="My cost by profile">
              <tbody>
                {summary.byProfile.map(s => (
                  <tr key={s.key}>
                    <td style={{ paddingRight: 16 }}>{s.label || s.key}</td>
                    <td style={{ paddingRight: 16, textAlign: 'right' }}>
                      {formatNumber(s.hours)} h
                    </td>
                    <td style={{ textAlign: 'right' }}>
                      {formatMoney(s.total, currency)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Box>
      </Grid>
      <Grid item xs={12} md={4}>
        <Typography variant="subtitle1" gutterBottom>
          Budgets
        </Typography>
        {summary.budgets.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No budget applies to you or your groups.
          </Typography>
        ) : (
          summary.budgets.map(b => (
            <BudgetLine
              key={b.subjectRef}
              budget={b}
              me={summary.user}
              currency={currency}
            />
          ))
        )}
      </Grid>
      <Grid item xs={12} md={4}>
        <Typography variant="subtitle1" gutterBottom>
          Quotas
        </Typography>
        {summary.quotas.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No quota applies to you or your groups.
          </Typography>
        ) : (
          summary.quotas.map(q => (
            <Box key={q.subjectRef} mb={2}>
              <Typography variant="subtitle2">
                {subjectTitle(q.subjectRef, summary.user)}
              </Typography>
              {quotaHeadroom(q).map(line => (
                <Typography key={line} variant="body2">
                  {line}
                </Typography>
              ))}
            </Box>
          ))
        )}
      </Grid>
    </Grid>
  );
}

/** "My usage this month": what the signed-in person spent, may spend, and has left. */
export function MyUsageCard() {
  const api = useApi(costsApiRef);
  const summary = useAsyncRetry(() => api.getMySummary(), [api]);
  const value = summary.value;
  return (
    <InfoCard
      title={
        <Box display="flex" alignItems="center" gridGap={8}>
          My usage this month
          <DemoDataChip demo={value?.demo} />
        </Box>
      }
      subheader={value ? formatMonth(value.month) : undefined}
    >
      {summary.error && (
        <>
          <ResponseErrorPanel
            error={summary.error}
            title={loadErrorTitle('your usage', summary.error)}
          />
          <Box mt={1}>
            <Button variant="outlined" onClick={summary.retry}>
              Retry
            </Button>
          </Box>
        </>
      )}
      {!summary.error && !value && <Progress />}
      {!summary.error && value && <Summary summary={value} />}
    </InfoCard>
  );
}
