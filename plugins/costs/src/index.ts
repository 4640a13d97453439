/**
 * Atrium costs in the frontend: usage and cost views, budgets and quotas, the Costs tab
 * on groups and data-science projects.
 *
 * @packageDocumentation
 */
export { costsPlugin as default } from './plugin';
export { costsApiRef, CostsClient, reportQueryString } from './api';
export type {
  CostReportQuery,
  CostsApi,
  DateRange,
  TopSpendersQuery,
} from './api';
export {
  MySpendHomeContent,
  BudgetsHomeContent,
  TopSpendersHomeContent,
  IdleWasteHomeContent,
} from './homeContents';
