/**
 * The largest values a budget, a quota or an estimate accepts. Far above any real
 * platform (a whole cluster's GPUs, a data centre's cores), low enough that nothing
 * absurd is stored or priced: 1e308 GPUs is a typo, not a quota.
 * @public
 */
export const COST_LIMITS = {
  /** A monthly budget, in the currency's major unit. */
  monthlyAmount: 1_000_000_000,
  /** GPUs in a quota or a workspace. */
  gpu: 1024,
  /** CPU cores in a quota or a workspace. */
  cpu: 100_000,
  /** GiB of memory in a quota or a workspace. */
  memoryGiB: 1_000_000,
  /** Running workspaces in a quota. */
  runningWorkspaces: 10_000,
} as const;
