import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';

/**
 * What "now" is for the costs plugin's month-to-date spend, budgets and current prices.
 * The system clock in production; route tests give a clock of their own, so that
 * "this month" and "today" do not change under them at midnight UTC.
 */
export interface CostsClock {
  now(): Date;
}

export const costsClockServiceRef = createServiceRef<CostsClock>({
  id: 'atrium.costs.clock',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {},
      factory: () => ({ now: () => new Date() }),
    }),
});
