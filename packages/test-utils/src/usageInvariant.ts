/** What the invariant reads of a usage session (the workspaces store's, or its rows). */
export interface UsageSessionTimes {
  id: string | number;
  workspaceId: string;
  startedAt: string;
  endedAt?: string | null;
}

/**
 * The usage-session invariant: one workspace never has two sessions whose times overlap
 * (the same hours would be priced twice), and at most one is open. Returns the
 * violations as sentences, so `expect(...).toEqual([])` shows them.
 */
export function overlappingSessions(sessions: UsageSessionTimes[]): string[] {
  const byWorkspace = new Map<string, UsageSessionTimes[]>();
  for (const s of sessions) {
    byWorkspace.set(s.workspaceId, [
      ...(byWorkspace.get(s.workspaceId) ?? []),
      s,
    ]);
  }
  const problems: string[] = [];
  for (const [workspaceId, list] of byWorkspace) {
    const sorted = [...list].sort((a, b) =>
      a.startedAt.localeCompare(b.startedAt),
    );
    if (sorted.filter(s => !s.endedAt).length > 1) {
      problems.push(`${workspaceId} has more than one open session`);
    }
    for (let i = 1; i < sorted.length; i++) {
      const previous = sorted[i - 1];
      const end = previous.endedAt
        ? new Date(previous.endedAt).getTime()
        : Infinity;
      if (new Date(sorted[i].startedAt).getTime() < end) {
        problems.push(
          `${workspaceId}: session ${sorted[i].id} (from ${
            sorted[i].startedAt
          }) overlaps session ${previous.id} (${previous.startedAt} to ${
            previous.endedAt ?? 'open'
          })`,
        );
      }
    }
  }
  return problems;
}
