import type { Config } from '@backstage/config';
import type {
  BudgetSpec,
  PriceSheet,
  QuotaSpec,
} from '@internal/plugin-costs-common';
import type { WorkspaceProfile } from '@internal/plugin-workspaces-common';
import { readProfiles } from '@internal/plugin-workspaces-node';
import { z } from 'zod';
import { checkGpuPrices } from './gpuPrices';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-01')
  .refine(v => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'is not a date');
const price = z.number().nonnegative();
const sheetSchema = z
  .object({
    effectiveFrom: isoDate,
    cpuCoreHour: price,
    memoryGiBHour: price,
    gpuHour: z.record(price).default({}),
    storageGiBMonth: price.default(0),
    profileHourly: z.record(price).optional(),
  })
  .strict();
const subjectRef = z
  .string()
  .regex(
    /^(user|group):[^/\s]+\/[^/\s]+$/,
    'must be a user or group entity ref like group:default/team-vision',
  );
const budgetSchema = z
  .object({ subjectRef, monthlyAmount: z.number().positive() })
  .strict();
const quotaSchema = z
  .object({
    subjectRef,
    maxCpu: z.number().nonnegative().optional(),
    maxMemoryGiB: z.number().nonnegative().optional(),
    maxGpu: z.number().int().nonnegative().optional(),
    maxRunningWorkspaces: z.number().int().nonnegative().optional(),
  })
  .strict();

export interface CostsConfig {
  currency: string;
  prices: PriceSheet[];
  thresholds: number[];
  demoDataEnabled: boolean;
  /** Seeded once into an empty database; admins change them in the UI afterwards. */
  budgets: BudgetSpec[];
  quotas: QuotaSpec[];
  /** The workspace profiles (`workspaces.profiles`), for names and prices per profile. */
  profiles: WorkspaceProfile[];
}

function parse<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  value: unknown,
  key: string,
): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(
      `Invalid config ${key}${
        issue.path.length ? `.${issue.path.join('.')}` : ''
      }: ${issue.message}`,
    );
  }
  return result.data;
}

/**
 * Reads the `costs` config. A malformed price sheet stops the backend at start, naming
 * the key: a wrong price is worse than none.
 */
export function readCostsConfig(config: Config): CostsConfig {
  const currency = config.getOptionalString('costs.currency') ?? 'USD';
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw new Error(
      `Invalid config costs.currency: '${currency}' is not an ISO 4217 code like USD`,
    );
  }
  const prices = parse(
    z.array(sheetSchema),
    config.getOptional('costs.prices') ?? [],
    'costs.prices',
  );
  const thresholds = parse(
    z.array(z.number().int().min(1).max(100)),
    config.getOptional('costs.alerts.thresholds') ?? [50, 80, 100],
    'costs.alerts.thresholds',
  ).sort((a, b) => a - b);
  // The workspaces plugin owns this key: read and validated as it reads them.
  const profiles = readProfiles(config);
  checkGpuPrices(prices, profiles);
  return {
    currency,
    prices,
    thresholds,
    demoDataEnabled:
      config.getOptionalBoolean('costs.demoData.enabled') ?? false,
    budgets: parse(
      z.array(budgetSchema),
      config.getOptional('costs.budgets') ?? [],
      'costs.budgets',
    ),
    quotas: parse(
      z.array(quotaSchema),
      config.getOptional('costs.quotas') ?? [],
      'costs.quotas',
    ),
    profiles,
  };
}
