import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { AsyncContent } from '@internal/frontend-kit';
import { useApi } from '@backstage/frontend-plugin-api';
import type { BudgetStatus } from '@internal/plugin-costs-common';
import { costsApiRef } from '../../api';
import { BudgetBar } from '../BudgetBar';
import { DemoDataChip } from '../Controls';
import { BudgetLine, quotaHeadroom } from '../MyUsageCard';
import {
  formatMoney,
  formatNumber,
  loadErrorTitle,
  monthOf,
  shortRef,
} from '../format';

/** The caller's spend this month against their budgets and quotas. */
export function MySpendHomeContent() {
  const api = useApi(costsApiRef);
  const summary = useAsyncRetry(() => api.getMySummary(), [api]);
  return (
    <AsyncContent
      state={summary}
      failureTitle={error => loadErrorTitle('your spend', error)}
    >
      {s => (
        <>
          <Box display="flex" alignItems="baseline" gridGap={8} mb={1}>
            <Typography variant="h5" component="p">
              {formatMoney(s.spent, s.currency)}
            </Typography>
            <Typography variant="body2" color="textSecondary">
              spent this month, {formatMoney(s.forecast, s.currency)} forecast
            </Typography>
            <DemoDataChip demo={s.demo} />
          </Box>
          {s.budgets.length === 0 && (
            <Typography variant="body2" color="textSecondary">
              No budget applies to you or your groups.
            </Typography>
          )}
          {s.budgets.map(b => (
            <BudgetLine
              key={b.subjectRef}
              budget={b}
              me={s.user}
              currency={s.currency}
            />
          ))}
          {s.quotas.map(q => (
            <Typography key={q.subjectRef} variant="body2">
              Quota of {shortRef(q.subjectRef)}:{' '}
              {quotaHeadroom(q).join(' · ') || 'no limits set'}
            </Typography>
          ))}
        </>
      )}
    </AsyncContent>
  );
}

/** Past 80 % first (most spent first), then the rest by name. */
export function budgetsByUrgency(budgets: BudgetStatus[]): BudgetStatus[] {
  const urgent = (b: BudgetStatus) => (b.percent >= 80 ? 0 : 1);
  return [...budgets].sort(
    (a, b) =>
      urgent(a) - urgent(b) ||
      (urgent(a) === 0 ? b.percent - a.percent : 0) ||
      a.subjectRef.localeCompare(b.subjectRef),
  );
}

/** Every budget's spend this month, the ones past 80 % first (admins). */
export function BudgetsHomeContent(props: { limit?: number }) {
  const limit = props.limit ?? 6;
  const api = useApi(costsApiRef);
  const prices = useAsyncRetry(() => api.getPrices(), [api]);
  const budgets = useAsyncRetry(() => api.listBudgets(), [api]);
  const currency = prices.value?.currency ?? 'USD';
  return (
    <AsyncContent
      state={budgets}
      failureTitle={error => loadErrorTitle('the budgets', error)}
    >
      {list => {
        const sorted = budgetsByUrgency(list);
        return (
          <>
            {list.length === 0 && (
              <Typography variant="body2" color="textSecondary">
                No budgets are set. Set them on the Costs page.
              </Typography>
            )}
            {sorted.slice(0, limit).map(b => (
              <Box key={b.subjectRef} mb={1}>
                <Typography variant="body2">
                  {shortRef(b.subjectRef)}: {formatMoney(b.spent, currency)} of{' '}
                  {formatMoney(b.monthlyAmount, currency)} (
                  {Math.round(b.percent)}%)
                </Typography>
                <BudgetBar
                  percent={b.percent}
                  label={`${shortRef(b.subjectRef)}: budget spent`}
                />
              </Box>
            ))}
            {sorted.length > limit && (
              <Typography variant="caption" color="textSecondary">
                and {sorted.length - limit} more
              </Typography>
            )}
          </>
        );
      }}
    </AsyncContent>
  );
}

/** The five largest spenders this month, by person (admins). */
export function TopSpendersHomeContent() {
  const api = useApi(costsApiRef);
  const prices = useAsyncRetry(() => api.getPrices(), [api]);
  const spenders = useAsyncRetry(
    () => api.getTopSpenders({ month: monthOf(), dimension: 'user', limit: 5 }),
    [api],
  );
  const currency = prices.value?.currency ?? 'USD';
  return (
    <AsyncContent
      state={spenders}
      failureTitle={error => loadErrorTitle('the top spenders', error)}
    >
      {list =>
        list.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            Nobody has spent anything this month.
          </Typography>
        ) : (
          <table aria-label="Top spenders this month" style={{ width: '100%' }}>
            <tbody>
              {list.map((s, i) => (
                <tr key={s.key}>
                  <td>{i + 1}.</td>
                  <td>{s.label || shortRef(s.key)}</td>
                  <td style={{ textAlign: 'right' }}>
                    {formatNumber(s.hours)} h
                  </td>
                  <td style={{ textAlign: 'right' }}>
                    {formatMoney(s.total, currency)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </AsyncContent>
  );
}

/** The last seven days, `to` exclusive (tomorrow), as the backend counts UTC days. */
export function lastSevenDays(now = new Date()): { from: string; to: string } {
  const day = (offset: number) =>
    new Date(
      Date.UTC(
        now.getUTCFullYear(),
        now.getUTCMonth(),
        now.getUTCDate() + offset,
      ),
    )
      .toISOString()
      .slice(0, 10);
  return { from: day(-6), to: day(1) };
}

/** What idle workspaces cost over the last seven days, the largest first (admins). */
export function IdleWasteHomeContent(props: { limit?: number }) {
  const limit = props.limit ?? 5;
  const api = useApi(costsApiRef);
  const waste = useAsyncRetry(() => api.getIdleWaste(lastSevenDays()), [api]);
  return (
    <AsyncContent
      state={waste}
      failureTitle={error => loadErrorTitle('idle waste', error)}
    >
      {w => (
        <>
          <Typography variant="h5" component="p">
            {formatMoney(w.total, w.currency)}
          </Typography>
          <Typography variant="body2" color="textSecondary" gutterBottom>
            spent on idle workspaces in the last 7 days
          </Typography>
          {[...w.rows]
            .sort((a, b) => b.cost - a.cost)
            .slice(0, limit)
            .map(r => (
              <Typography key={r.workspaceId} variant="body2">
                {shortRef(r.user)} · {r.workspaceName ?? r.workspaceId}:{' '}
                {formatNumber(r.idleHours)} h idle,{' '}
                {formatMoney(r.cost, w.currency)}
              </Typography>
            ))}
        </>
      )}
    </AsyncContent>
  );
}
