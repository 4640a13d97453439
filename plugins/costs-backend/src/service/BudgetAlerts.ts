import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  FORECAST_ALERT_THRESHOLD,
  monthBounds,
  utcMonth,
  type BudgetStatus,
} from '@internal/plugin-costs-common';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { BudgetsService } from './BudgetsService';
import { shortName } from './EntityDirectory';

/** Before this much of the month has passed, a forecast is a guess... */
export const FORECAST_MIN_ELAPSED_MS = 24 * 3_600_000;
/** ...unless this share of the budget (percent) is already spent. */
export const FORECAST_MIN_SPENT_PERCENT = 10;

/**
 * Whether the month's forecast rests on enough to alert on: one overnight GPU hour at
 * 00:30 on the 1st extrapolates to a month of GPU hours.
 */
function forecastIsGrounded(status: BudgetStatus, nowMs: number): boolean {
  return (
    nowMs - monthBounds(status.month).start >= FORECAST_MIN_ELAPSED_MS ||
    status.percent >= FORECAST_MIN_SPENT_PERCENT
  );
}

/**
 * Notifies a budget's subject (a user, or every member of a group) when its spend
 * crosses a threshold (50, 80, 100 % by default) and when the forecast crosses 100 %
 * (from 24 h into the month, or once 10 % of the budget is spent): once per threshold
 * per subject per month, whichever replica gets there first.
 */
export class BudgetAlerts {
  constructor(
    private readonly options: {
      budgets: BudgetsService;
      notifications: NotificationService;
      thresholds: number[];
      logger: LoggerService;
      /** Where the notification links to (the costs page of the frontend). */
      link?: string;
    },
  ) {}

  async run(): Promise<{ sent: number }> {
    const { budgets, logger } = this.options;
    const month = utcMonth(budgets.nowMs());
    let sent = 0;
    for (const status of await budgets.statuses()) {
      try {
        sent += await this.alert(status, month);
      } catch (error) {
        logger.warn(
          `Budget alert for ${status.subjectRef} not sent: ${
            (error as Error).message
          }`,
        );
      }
    }
    return { sent };
  }

  private async alert(status: BudgetStatus, month: string): Promise<number> {
    const { budgets, thresholds } = this.options;
    const due = thresholds.filter(
      t => status.percent >= t && !status.alertsSent.includes(t),
    );
    const claimed: number[] = [];
    for (const t of due) {
      if (await budgets.claimAlert(status.subjectRef, month, t))
        claimed.push(t);
    }
    let sent = 0;
    if (claimed.length) {
      // Several thresholds crossed at once: one notification, for the highest.
      const threshold = Math.max(...claimed);
      await this.send(status, month, threshold).catch(async error => {
        for (const t of claimed)
          await budgets.releaseAlert(status.subjectRef, month, t);
        throw error;
      });
      sent++;
    }
    const forecastDue =
      forecastIsGrounded(status, budgets.nowMs()) &&
      status.forecastPercent >= 100 &&
      status.percent < 100 &&
      !status.alertsSent.includes(FORECAST_ALERT_THRESHOLD);
    if (
      forecastDue &&
      (await budgets.claimAlert(
        status.subjectRef,
        month,
        FORECAST_ALERT_THRESHOLD,
      ))
    ) {
      await this.send(status, month, FORECAST_ALERT_THRESHOLD).catch(
        async error => {
          await budgets.releaseAlert(
            status.subjectRef,
            month,
            FORECAST_ALERT_THRESHOLD,
          );
          throw error;
        },
      );
      sent++;
    }
    return sent;
  }

  private async send(status: BudgetStatus, month: string, threshold: number) {
    const { budgets, notifications } = this.options;
    const isUser = status.subjectRef.startsWith('user:');
    const name = shortName(status.subjectRef);
    const budget = budgets.money(status.monthlyAmount);
    const forecast = threshold === FORECAST_ALERT_THRESHOLD;
    let title: string;
    if (forecast) {
      title = isUser
        ? `You are on course to exceed your ${budget} budget for ${month}`
        : `${name} is on course to exceed its ${budget} budget for ${month}`;
    } else {
      title = isUser
        ? `You have used ${threshold} % of your ${budget} budget for ${month}`
        : `${name} has used ${threshold} % of its ${budget} budget for ${month}`;
    }
    const blocked =
      threshold >= 100 && !forecast
        ? ' New workspaces cannot start until an admin raises the budget.'
        : '';
    const description = `Spent ${budgets.money(status.spent)} so far (${
      status.percent
    } %). At the pace of the last 7 days the month ends near ${budgets.money(
      status.forecast,
    )} (${status.forecastPercent} % of the budget).${blocked}`;
    await notifications.send({
      recipients: { type: 'entity', entityRef: status.subjectRef },
      payload: {
        title,
        description,
        link: this.options.link ?? '/costs',
        severity: forecast || threshold < 80 ? 'normal' : 'high',
        topic: 'costs-budget',
        scope: `costs-budget:${status.subjectRef}:${month}:${threshold}`,
      },
    });
  }
}
