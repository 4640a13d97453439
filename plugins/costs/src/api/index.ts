export { costsApiRef } from './CostsApi';
export type {
  CostReportQuery,
  CostsApi,
  DateRange,
  TopSpendersQuery,
} from './CostsApi';
export { CostsClient, reportQueryString } from './CostsClient';
