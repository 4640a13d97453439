/**
 * Atrium costs backend: metering, prices, reports, budgets and alerts, quotas at
 * workspace launch, actual cloud costs.
 *
 * @packageDocumentation
 */
export { costsPlugin as default, costsPlugin } from './plugin';
export type {
  CostsStore,
  MeteredSession,
  UsageFilter,
  DailyRow,
} from './database/CostsStore';
export { DatabaseCostsStore } from './database/DatabaseCostsStore';
export { PriceList } from './pricing';
