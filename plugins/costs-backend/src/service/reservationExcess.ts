import type { CostsStore, Reservation } from '../database/CostsStore';
import { decideQuotas } from './Admission';

/**
 * Which of the reservations reconcile added (running workspaces nobody admitted) take a
 * subject past its quota, counted in order on top of those already held: each with the
 * reason a start would have been refused for.
 */
export async function excessOf(
  store: CostsStore,
  added: Array<Omit<Reservation, 'createdAt'>>,
  held: Reservation[],
): Promise<Array<{ workspaceId: string; reason: string }>> {
  if (added.length === 0) return [];
  const quotas = await store.listQuotas();
  if (quotas.length === 0) return [];
  const counted: Reservation[] = [...held];
  const out: Array<{ workspaceId: string; reason: string }> = [];
  for (const r of added) {
    const { refusal } = decideQuotas(
      {
        user: r.user,
        groups: r.groups,
        workspace: { id: r.workspaceId, name: r.workspaceName },
        profile: '',
        resources: { cpu: r.cpu, memoryGiB: r.memoryGiB, gpu: r.gpu },
      },
      quotas.filter(
        q => q.subjectRef === r.user || r.groups.includes(q.subjectRef),
      ),
      counted,
    );
    if (refusal) out.push({ workspaceId: r.workspaceId, reason: refusal });
    counted.push({ ...r, createdAt: new Date(0).toISOString() });
  }
  return out;
}
