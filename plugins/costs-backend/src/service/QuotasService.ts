import type { QuotaSpec, QuotaStatus } from '@internal/plugin-costs-common';
import type {
  CostsStore,
  Reservation,
  StoredQuota,
} from '../database/CostsStore';

/**
 * Reservations that count against a subject's quota: one per workspace (two starts of
 * one workspace, while the loser has not released yet, run one workspace).
 */
export function holdersOf(subjectRef: string, reservations: Reservation[]) {
  const byWorkspace = new Map<string, Reservation>();
  for (const r of reservations) {
    if (r.user === subjectRef || r.groups.includes(subjectRef)) {
      byWorkspace.set(r.workspaceId, r);
    }
  }
  return [...byWorkspace.values()];
}

/** A stored quota's limits, without who changed it when. */
export function quotaSpecOf(quota: StoredQuota): QuotaSpec {
  const { updatedAt: _u, updatedBy: _b, ...spec } = quota;
  return spec;
}

/**
 * Quotas of users and groups on what their running workspaces hold (GPUs, cores,
 * memory, workspaces): what is in use against them, setting and removing them. Launch
 * admission (Admission) enforces them.
 */
export class QuotasService {
  constructor(private readonly options: { store: CostsStore }) {}

  /** The quota of one subject as stored, if it has one. */
  async get(subjectRef: string): Promise<StoredQuota | undefined> {
    const [quota] = await this.options.store.listQuotas([subjectRef]);
    return quota;
  }

  status(quota: StoredQuota, reservations: Reservation[]): QuotaStatus {
    const holding = holdersOf(quota.subjectRef, reservations);
    return {
      ...quotaSpecOf(quota),
      used: {
        cpu: holding.reduce((s, r) => s + r.cpu, 0),
        memoryGiB: holding.reduce((s, r) => s + r.memoryGiB, 0),
        gpu: holding.reduce((s, r) => s + r.gpu, 0),
        runningWorkspaces: holding.length,
      },
      workspaces: holding.map(r => ({
        id: r.workspaceId,
        name: r.workspaceName,
        user: r.user,
        cpu: r.cpu,
        memoryGiB: r.memoryGiB,
        gpu: r.gpu,
      })),
    };
  }

  /** The quotas of `subjectRefs` (all quotas without) and what is in use against them. */
  async statuses(subjectRefs?: string[]): Promise<QuotaStatus[]> {
    const quotas = await this.options.store.listQuotas(subjectRefs);
    if (quotas.length === 0) return [];
    const reservations = await this.options.store.listReservations();
    return quotas.map(q => this.status(q, reservations));
  }

  /** Sets a subject's quota (replacing its limits); returns the limits stored. */
  async set(spec: QuotaSpec, actor?: string): Promise<QuotaSpec> {
    return quotaSpecOf(await this.options.store.putQuota(spec, actor));
  }

  /** Removes a subject's quota; false when it had none. */
  async delete(subjectRef: string): Promise<boolean> {
    return this.options.store.deleteQuota(subjectRef);
  }
}
