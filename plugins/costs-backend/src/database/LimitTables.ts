import type { BudgetSpec, QuotaSpec } from '@internal/plugin-costs-common';
import type { Knex } from 'knex';
import { toMicros, toMoney } from '../pricing';
import type { StoredBudget, StoredQuota } from './CostsStore';
import { iso, isUniqueViolation, toQuota } from './rows';

/** The limit tables: budgets, the alerts claimed for them, and quotas. */
export class LimitTables {
  constructor(private readonly db: Knex) {}

  async listBudgets(subjectRefs?: string[]): Promise<StoredBudget[]> {
    const query = this.db('costs_budgets').orderBy('subject_ref');
    if (subjectRefs) query.whereIn('subject_ref', subjectRefs);
    return (await query).map((r: any) => ({
      subjectRef: r.subject_ref,
      monthlyAmountMicros: Number(r.monthly_amount_micros),
      monthlyAmount: toMoney(Number(r.monthly_amount_micros)),
      updatedAt: iso(r.updated_at)!,
      ...(r.updated_by ? { updatedBy: r.updated_by } : {}),
    }));
  }

  async putBudget(budget: BudgetSpec, actor?: string): Promise<StoredBudget> {
    await this.db('costs_budgets')
      .insert({
        subject_ref: budget.subjectRef,
        monthly_amount_micros: toMicros(budget.monthlyAmount),
        updated_at: new Date(),
        updated_by: actor ?? null,
      })
      .onConflict('subject_ref')
      .merge();
    return (await this.listBudgets([budget.subjectRef]))[0];
  }

  async deleteBudget(subjectRef: string): Promise<boolean> {
    return (
      (await this.db('costs_budgets')
        .where({ subject_ref: subjectRef })
        .delete()) > 0
    );
  }

  async claimAlert(
    subjectRef: string,
    month: string,
    threshold: number,
  ): Promise<boolean> {
    try {
      await this.db('costs_budget_alerts').insert({
        subject_ref: subjectRef,
        month,
        threshold,
        sent_at: new Date(),
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async releaseAlert(
    subjectRef: string,
    month: string,
    threshold: number,
  ): Promise<void> {
    await this.db('costs_budget_alerts')
      .where({ subject_ref: subjectRef, month, threshold })
      .delete();
  }

  async listAlerts(month: string) {
    const rows = await this.db('costs_budget_alerts')
      .where({ month })
      .orderBy(['subject_ref', 'threshold']);
    return rows.map((r: any) => ({
      subjectRef: r.subject_ref as string,
      threshold: Number(r.threshold),
    }));
  }

  async listQuotas(subjectRefs?: string[]): Promise<StoredQuota[]> {
    const query = this.db('costs_quotas').orderBy('subject_ref');
    if (subjectRefs) query.whereIn('subject_ref', subjectRefs);
    return (await query).map(toQuota);
  }

  async putQuota(quota: QuotaSpec, actor?: string): Promise<StoredQuota> {
    await this.db('costs_quotas')
      .insert({
        subject_ref: quota.subjectRef,
        max_cpu: quota.maxCpu ?? null,
        max_memory_gib: quota.maxMemoryGiB ?? null,
        max_gpu: quota.maxGpu ?? null,
        max_running_workspaces: quota.maxRunningWorkspaces ?? null,
        updated_at: new Date(),
        updated_by: actor ?? null,
      })
      .onConflict('subject_ref')
      .merge();
    return (await this.listQuotas([quota.subjectRef]))[0];
  }

  async deleteQuota(subjectRef: string): Promise<boolean> {
    return (
      (await this.db('costs_quotas')
        .where({ subject_ref: subjectRef })
        .delete()) > 0
    );
  }
}
