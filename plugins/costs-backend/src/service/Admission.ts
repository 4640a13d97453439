import { utcMonth } from '@internal/plugin-costs-common';
import type {
  LaunchAdmissionDecision,
  LaunchAdmissionPreview,
  LaunchAdmissionRequest,
} from '@internal/plugin-workspaces-node';
import type {
  CostsStore,
  Reservation,
  StoredQuota,
} from '../database/CostsStore';
import type { BudgetsService } from './BudgetsService';
import type { CostsService } from './CostsService';
import { holdersOf } from './QuotasService';
import { shortName } from './EntityDirectory';
import { excessOf } from './reservationExcess';

type Fact = LaunchAdmissionPreview['facts'][number];

/** How long a reservation may wait for its workspace's usage session before reconcile may drop it. */
export const RESERVATION_GRACE_MS = 15 * 60_000;
/**
 * A start still pending after this long is taken for one whose failure never reached
 * costs (a start fails or stops with a release; only a lost release gets here).
 */
export const PENDING_START_LIMIT_MS = 24 * 3_600_000;

const LIMITS = [
  { limit: 'maxGpu', resource: 'gpu', noun: 'GPUs' },
  { limit: 'maxCpu', resource: 'cpu', noun: 'CPU cores' },
  { limit: 'maxMemoryGiB', resource: 'memoryGiB', noun: 'GiB of memory' },
  {
    limit: 'maxRunningWorkspaces',
    resource: 'workspaces',
    noun: 'running workspaces',
  },
] as const;

function toneOf(refused: boolean, close: boolean): Fact['tone'] {
  if (refused) return 'error';
  return close ? 'warning' : 'info';
}

const num = (n: number) => String(Math.round(n * 10) / 10);

/** "You" for the person launching, the group's name otherwise. */
function who(subjectRef: string, user: string) {
  return subjectRef === user ? 'You' : shortName(subjectRef);
}

/**
 * Weighs a launch against the quotas of the user and their groups. Pure: the store calls
 * it under the admission lock (check) or without one (preview).
 */
export function decideQuotas(
  request: LaunchAdmissionRequest,
  quotas: StoredQuota[],
  reservations: Reservation[],
): { refusal?: string; facts: Fact[] } {
  const facts: Fact[] = [];
  let refusal: string | undefined;
  const others = reservations.filter(
    r => r.workspaceId !== request.workspace.id,
  );
  // The user's own quota first, then their groups' in the order given.
  const ordered = [...quotas].sort(
    (a, b) =>
      Number(b.subjectRef === request.user) -
      Number(a.subjectRef === request.user),
  );
  for (const quota of ordered) {
    const holding = holdersOf(quota.subjectRef, others);
    const subject = who(quota.subjectRef, request.user);
    for (const { limit, resource, noun } of LIMITS) {
      const max = quota[limit];
      if (max === undefined) continue;
      const need =
        resource === 'workspaces' ? 1 : request.resources[resource] ?? 0;
      if (need <= 0) continue;
      const amountOf = (r: Reservation) =>
        resource === 'workspaces' ? 1 : r[resource];
      const used = holding.reduce((sum, r) => sum + amountOf(r), 0);
      const refused = used + need > max;
      facts.push({
        label: `${subject === 'You' ? 'Your' : subject} ${noun}`,
        value: `${num(used)} of ${num(max)} in use`,
        tone: toneOf(refused, used + need === max),
      });
      if (refused && !refusal) {
        const verb = subject === 'You' ? 'use' : 'uses';
        const usage =
          used >= max
            ? `${subject} ${verb} ${num(used)} of ${num(max)} ${noun}`
            : `${subject} ${verb} ${num(used)} of ${num(
                max,
              )} ${noun} and this workspace needs ${num(need)}`;
        // Name the workspace holding most of it: the person's own first (they can stop it).
        const holder = [...holding]
          .filter(r => amountOf(r) > 0)
          .sort(
            (a, b) =>
              Number(b.user === request.user) -
                Number(a.user === request.user) || amountOf(b) - amountOf(a),
          )[0];
        let action = 'ask an admin for a quota';
        if (holder?.user === request.user) {
          action = `stop '${holder.workspaceName}' or ask an admin`;
        } else if (holder) {
          action = `wait for '${holder.workspaceName}' (${shortName(
            holder.user,
          )}) to stop or ask an admin`;
        }
        refusal = `${usage}: ${action}`;
      }
    }
  }
  return { refusal, facts };
}

/**
 * Launch admission for the workspaces plugin: budgets (an exhausted budget refuses a
 * start) and quotas (checked and reserved race-free in the store).
 */
export class Admission {
  private readonly store: CostsStore;
  private readonly costs: CostsService;
  private readonly budgetsService: BudgetsService;

  constructor(options: {
    store: CostsStore;
    costs: CostsService;
    budgets: BudgetsService;
  }) {
    this.store = options.store;
    this.costs = options.costs;
    this.budgetsService = options.budgets;
  }

  private subjects(request: LaunchAdmissionRequest) {
    return [request.user, ...request.groups];
  }

  /** Budget facts and the refusal of an exhausted budget (user first, then groups). */
  private async budgets(request: LaunchAdmissionRequest) {
    const statuses = await this.budgetsService.statuses(this.subjects(request));
    const month = utcMonth(this.costs.nowMs());
    const facts: Fact[] = [];
    let refusal: string | undefined;
    const ordered = [...statuses].sort(
      (a, b) =>
        Number(b.subjectRef === request.user) -
        Number(a.subjectRef === request.user),
    );
    for (const status of ordered) {
      const subject = who(status.subjectRef, request.user);
      const exhausted = status.spent >= status.monthlyAmount;
      facts.push({
        label: subject === 'You' ? 'Your budget' : `${subject} budget`,
        value: this.budgetsService.describe(status),
        tone: toneOf(
          exhausted,
          status.percent >= 80 || status.forecastPercent >= 100,
        ),
      });
      if (exhausted && !refusal) {
        const whose = subject === 'You' ? 'Your' : `${subject}'s`;
        refusal = `${whose} budget for ${month} is used up (${this.costs.money(
          status.spent,
        )} of ${this.costs.money(
          status.monthlyAmount,
        )}): ask an admin to raise it`;
      }
    }
    return { facts, refusal };
  }

  private estimateFact(request: LaunchAdmissionRequest): Fact {
    const hourly = this.costs.hourly(request.profile, request.resources);
    return {
      label: 'Estimated cost',
      value: `${this.costs.money(hourly)} per hour (${this.costs.money(
        hourly * 8,
      )} per 8-hour day)`,
      tone: 'info',
    };
  }

  async check(
    request: LaunchAdmissionRequest,
  ): Promise<LaunchAdmissionDecision> {
    const budgets = await this.budgets(request);
    if (budgets.refusal) return { allowed: false, reason: budgets.refusal };
    const { store } = this;
    const decision = await store.admit(
      {
        // Without an id of its own, a start replaces the workspace's reservations.
        admissionId: request.admissionId ?? request.workspace.id,
        workspaceId: request.workspace.id,
        workspaceName: request.workspace.name,
        user: request.user,
        groups: request.groups,
        cpu: request.resources.cpu,
        memoryGiB: request.resources.memoryGiB,
        gpu: request.resources.gpu,
      },
      this.subjects(request),
      ({ quotas, reservations }) => {
        const { refusal } = decideQuotas(request, quotas, reservations);
        return refusal
          ? { allowed: false as const, reason: refusal }
          : { allowed: true as const };
      },
    );
    return decision;
  }

  async preview(
    request: LaunchAdmissionRequest,
  ): Promise<LaunchAdmissionPreview> {
    const budgets = await this.budgets(request);
    const { store } = this;
    const quotas = await store.listQuotas(this.subjects(request));
    const reservations = quotas.length ? await store.listReservations() : [];
    const quotaDecision = decideQuotas(request, quotas, reservations);
    const refusal = budgets.refusal ?? quotaDecision.refusal;
    return {
      facts: [
        this.estimateFact(request),
        ...budgets.facts,
        ...quotaDecision.facts,
      ],
      ...(refusal ? { refusal } : {}),
    };
  }

  async release(workspace: { id: string; admissionId?: string }) {
    const { store } = this;
    await store.deleteReservation(workspace.id, workspace.admissionId);
    // The workspace stopped: a reconcile on sessions read before now must not re-add it.
    if (workspace.admissionId === undefined)
      await store.markReleased(workspace.id);
  }

  /**
   * Heals reservations after metering (whose open sessions are then fresh): a workspace
   * with no open session that ran and stopped since it was reserved gave its resources
   * back (a missed release), one still starting keeps them; a running workspace without a reservation (started before quotas
   * or while this plugin was down) gets one, so it counts: it runs whatever the quota
   * says, and one that takes a subject past its quota is returned in `overQuota`.
   */
  async reconcile(
    options: {
      /** When the open sessions were read (metering's run start): stops since then win. */
      sessionsAsOfMs?: number;
    } = {},
  ): Promise<{
    removed: number;
    added: number;
    overQuota?: Array<{ workspaceId: string; reason: string }>;
  }> {
    const { store } = this;
    const now = this.costs.nowMs();
    const open = (await store.listOpenSessions()).filter(s => !s.demo);
    const running = new Set(open.map(s => s.workspaceId));
    const reservations = await store.listReservations();
    const reserved = new Set(reservations.map(r => r.workspaceId));
    // Stopped after its session was read as open: that session is stale, not running.
    if (options.sessionsAsOfMs !== undefined) {
      for (const id of await store.releasedSince(
        options.sessionsAsOfMs,
        Date.now() - RESERVATION_GRACE_MS,
      )) {
        reserved.add(id);
      }
    }
    // Not running past the grace period: given back only once the workspace has run
    // and stopped since it was reserved (its release was missed). A start still pending
    // (a slow image pull, a node scaling up) has no session yet and keeps its place.
    const waiting = reservations.filter(
      r =>
        !running.has(r.workspaceId) &&
        now - Date.parse(r.createdAt) > RESERVATION_GRACE_MS,
    );
    const lastEnded = waiting.length
      ? await store.lastEndedAt([...new Set(waiting.map(r => r.workspaceId))])
      : new Map<string, string>();
    const stale = waiting
      .filter(r => {
        const ended = lastEnded.get(r.workspaceId);
        return (
          (ended !== undefined && ended >= r.createdAt) ||
          now - Date.parse(r.createdAt) > PENDING_START_LIMIT_MS
        );
      })
      .map(r => r.workspaceId);
    const missing = open
      .filter(s => !reserved.has(s.workspaceId))
      .map(s => ({
        admissionId: `reconcile:${s.workspaceId}`,
        workspaceId: s.workspaceId,
        workspaceName: s.workspaceName ?? s.workspaceId,
        user: s.owner,
        groups: s.groups,
        cpu: s.cpu,
        memoryGiB: s.memoryGiB,
        gpu: s.gpu,
      }));
    await store.repairReservations(stale, missing);
    const overQuota = await excessOf(
      store,
      missing,
      reservations.filter(r => !stale.includes(r.workspaceId)),
    );
    return {
      removed: stale.length,
      added: missing.length,
      ...(overQuota.length ? { overQuota } : {}),
    };
  }
}
