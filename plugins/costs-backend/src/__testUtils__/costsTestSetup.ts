import { mockServices } from '@backstage/backend-test-utils';
import type { PriceSheet } from '@internal/plugin-costs-common';
import type { TestDatabases } from '@backstage/backend-test-utils';
import knexFactory, { type Knex } from 'knex';
import { DatabaseCostsStore } from '../database/DatabaseCostsStore';
import { PriceList } from '../pricing';
import { Admission } from '../service/Admission';
import { BudgetsService } from '../service/BudgetsService';
import { CostsService } from '../service/CostsService';
import { QuotasService } from '../service/QuotasService';
import type { CostsConfig } from '../service/config';
import type { EntityDirectory } from '../service/EntityDirectory';

/** Two sheets: a price change at 2026-11-01 00:00 UTC. */
export const TEST_SHEETS: PriceSheet[] = [
  {
    effectiveFrom: '2026-01-01',
    cpuCoreHour: 0.031,
    memoryGiBHour: 0.004,
    gpuHour: { 'nvidia.com/gpu': 2.48, default: 2 },
    storageGiBMonth: 0.1,
  },
  {
    effectiveFrom: '2026-11-01',
    cpuCoreHour: 0.033,
    memoryGiBHour: 0.0045,
    gpuHour: { 'nvidia.com/gpu': 2.48, default: 2 },
    storageGiBMonth: 0.1,
    profileHourly: { gpu: 0.1 },
  },
];

/** The sheets as config data (what `costs.prices` holds). */
export const TEST_SHEETS_CONFIG = JSON.parse(JSON.stringify(TEST_SHEETS));

export const TEST_CONFIG: CostsConfig = {
  currency: 'USD',
  prices: TEST_SHEETS,
  thresholds: [50, 80, 100],
  demoDataEnabled: false,
  budgets: [],
  quotas: [],
  profiles: [],
};

/** Labels are the refs' names; every user and group exists; projects are owned by team-vision. */
export const testDirectory: EntityDirectory = {
  async labels(refs) {
    return new Map(refs.map(r => [r, r.split('/').pop()!]));
  },
  async exists() {
    return true;
  },
  async ownerOf() {
    return 'group:default/team-vision';
  },
  async subGroups() {
    return [];
  },
};

export type DatabaseId = Parameters<TestDatabases['init']>[0];

/**
 * A second client on the same database, standing in for another replica. SQLite's test
 * database is in memory (one connection), so there it is the same client.
 */
export function replicaClient(databaseId: DatabaseId, knex: Knex): Knex {
  if (databaseId === 'SQLITE_3') return knex;
  return knexFactory(knex.client.config);
}

export async function createTestStore(
  knex: Knex,
  prices = new PriceList(TEST_SHEETS),
) {
  const database = mockServices.database({ knex, migrations: { skip: false } });
  return DatabaseCostsStore.create({ database, prices });
}

export function createTestService(
  store: DatabaseCostsStore,
  now: () => Date,
  config: Partial<CostsConfig> = {},
) {
  const fullConfig = { ...TEST_CONFIG, ...config };
  return new CostsService({
    store,
    prices: new PriceList(fullConfig.prices),
    config: fullConfig,
    directory: testDirectory,
    now,
  });
}

/** The costs, budgets and quotas services and launch admission on one store. */
export function createTestServices(
  store: DatabaseCostsStore,
  now: () => Date,
  config: Partial<CostsConfig> = {},
) {
  const costs = createTestService(store, now, config);
  const budgets = new BudgetsService({ store, costs });
  const quotas = new QuotasService({ store });
  const admission = new Admission({ store, costs, budgets });
  return { costs, budgets, quotas, admission };
}
