import {
  FORECAST_ALERT_THRESHOLD,
  utcMonth,
  type BudgetSpec,
  type BudgetStatus,
} from '@internal/plugin-costs-common';
import type { CostsService } from './CostsService';

/**
 * Sets a budget and re-arms this month's alerts it no longer crosses. Alert claims are
 * kept per threshold, not per amount: without this, raising $100 to $200 after the 100 %
 * alert would leave nobody told when $200 is reached, though starts are refused then.
 */
export async function setBudget(
  costs: CostsService,
  spec: BudgetSpec,
  actor?: string,
): Promise<BudgetStatus> {
  await costs.store.putBudget(spec, actor);
  const month = utcMonth(costs.nowMs());
  const [status] = await costs.budgetStatuses([spec.subjectRef]);
  const rearm = status.alertsSent.filter(t =>
    t === FORECAST_ALERT_THRESHOLD
      ? status.forecastPercent < 100
      : status.percent < t,
  );
  for (const threshold of rearm) {
    await costs.store.releaseAlert(spec.subjectRef, month, threshold);
  }
  return {
    ...status,
    alertsSent: status.alertsSent.filter(t => !rearm.includes(t)),
  };
}
