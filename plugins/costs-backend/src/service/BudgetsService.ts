import {
  FORECAST_ALERT_THRESHOLD,
  utcMonth,
  type BudgetSpec,
  type BudgetStatus,
} from '@internal/plugin-costs-common';
import type {
  CostsStore,
  StoredBudget,
  UsageFilter,
} from '../database/CostsStore';
import { toMoney } from '../pricing';
import type { CostsService } from './CostsService';

/** A subject ref's usage filter: a user's own sessions, or a group's. */
export function filterOf(subjectRef: string): UsageFilter {
  return subjectRef.startsWith('group:')
    ? { group: subjectRef }
    : { user: subjectRef };
}

/**
 * A share of a budget in percent, rounded DOWN to one decimal in integer arithmetic: a
 * threshold is reached only when it is (99.96 % must not read "100 %: cannot start").
 */
const percentOf = (micros: number, amountMicros: number) =>
  Math.floor((micros * 1000) / amountMicros) / 10;

/**
 * Monthly budgets of users and groups: what is spent and forecast against them, setting
 * and removing them, and the claims on the alerts sent for them.
 */
export class BudgetsService {
  constructor(
    private readonly options: { store: CostsStore; costs: CostsService },
  ) {}

  nowMs(): number {
    return this.options.costs.nowMs();
  }

  money(amount: number): string {
    return this.options.costs.money(amount);
  }

  /** The budget of one subject as stored, if it has one. */
  async get(subjectRef: string): Promise<StoredBudget | undefined> {
    const [budget] = await this.options.store.listBudgets([subjectRef]);
    return budget;
  }

  async status(
    budget: StoredBudget,
    month = utcMonth(this.nowMs()),
    alertsSent: number[] = [],
  ): Promise<BudgetStatus> {
    const spent = await this.options.costs.spendAndForecast(
      filterOf(budget.subjectRef),
      month,
    );
    const amount = budget.monthlyAmountMicros;
    return {
      subjectRef: budget.subjectRef,
      monthlyAmount: toMoney(amount),
      month,
      spent: toMoney(spent.micros),
      forecast: toMoney(spent.forecastMicros),
      percent: percentOf(spent.micros, amount),
      forecastPercent: percentOf(spent.forecastMicros, amount),
      alertsSent,
    };
  }

  /** This month's status of the budgets of `subjectRefs` (all budgets without). */
  async statuses(subjectRefs?: string[]): Promise<BudgetStatus[]> {
    const month = utcMonth(this.nowMs());
    const budgets = await this.options.store.listBudgets(subjectRefs);
    const alerts = await this.options.store.listAlerts(month);
    return Promise.all(
      budgets.map(b =>
        this.status(
          b,
          month,
          alerts
            .filter(a => a.subjectRef === b.subjectRef)
            .map(a => a.threshold),
        ),
      ),
    );
  }

  /**
   * Sets a budget and re-arms this month's alerts it no longer crosses. Alert claims are
   * kept per threshold, not per amount: without this, raising $100 to $200 after the
   * 100 % alert would leave nobody told when $200 is reached, though starts are refused
   * then.
   */
  async set(spec: BudgetSpec, actor?: string): Promise<BudgetStatus> {
    const { store } = this.options;
    await store.putBudget(spec, actor);
    const month = utcMonth(this.nowMs());
    const [status] = await this.statuses([spec.subjectRef]);
    const rearm = status.alertsSent.filter(t =>
      t === FORECAST_ALERT_THRESHOLD
        ? status.forecastPercent < 100
        : status.percent < t,
    );
    for (const threshold of rearm) {
      await store.releaseAlert(spec.subjectRef, month, threshold);
    }
    return {
      ...status,
      alertsSent: status.alertsSent.filter(t => !rearm.includes(t)),
    };
  }

  /** Removes a subject's budget; false when it had none. */
  async delete(subjectRef: string): Promise<boolean> {
    return this.options.store.deleteBudget(subjectRef);
  }

  /**
   * Claims the right to send one alert: true for exactly one caller per subject, month
   * and threshold, however many replicas try at once.
   */
  async claimAlert(subjectRef: string, month: string, threshold: number) {
    return this.options.store.claimAlert(subjectRef, month, threshold);
  }

  /** Gives a claim back (the notification could not be sent: try again later). */
  async releaseAlert(subjectRef: string, month: string, threshold: number) {
    await this.options.store.releaseAlert(subjectRef, month, threshold);
  }

  /** A money amount and what it is of, for sentences: "$57.60 left of $100.00". */
  describe(status: BudgetStatus): string {
    const left = Math.max(0, status.monthlyAmount - status.spent);
    return `${this.money(left)} left of ${this.money(
      status.monthlyAmount,
    )} this month`;
  }
}
