import type {
  CondaStoreBuildUsage,
  CondaStoreWorkspaceUsageKnown,
} from '@internal/plugin-environments-common';
import type { EnvironmentUsage } from '@internal/plugin-workspaces-common';
import type { WorkspacesApi } from '@internal/plugin-workspaces-node';

/** The window of "used": what the overview's idle list and the builds card look back over. */
export const USAGE_WINDOW_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Workspace usage per conda-store build id, or why it is not known. */
export type BuildUsageMap =
  | { known: true; byBuild: Map<number, EnvironmentUsage> }
  | { known: false; reason: string };

/**
 * Asks the workspaces backend which builds workspaces used in the last `days` days.
 * A failure is not the caller's: it comes back as `known: false` with the reason, so
 * the overview and the builds card still answer.
 */
export async function readBuildUsage(
  workspaces: WorkspacesApi,
  options: { days: number; now: Date },
): Promise<BuildUsageMap> {
  const since = new Date(options.now.getTime() - options.days * DAY_MS);
  try {
    const report = await workspaces.getEnvironmentUsage({
      since: since.toISOString(),
    });
    const byBuild = new Map<number, EnvironmentUsage>();
    for (const item of report.items) {
      // conda-store numbers builds across all environments: the id alone names one.
      if (item.environmentBuild !== undefined) {
        byBuild.set(item.environmentBuild, item);
      }
    }
    return { known: true, byBuild };
  } catch (error) {
    const message =
      (error as { cause?: { message?: string } })?.cause?.message ??
      (error as Error)?.message ??
      String(error);
    return {
      known: false,
      reason: `The workspaces backend did not say which builds workspaces used (${message}), so idle means no completed build in the window`,
    };
  }
}

export function usageKnown(
  usage: BuildUsageMap,
): CondaStoreWorkspaceUsageKnown {
  return usage.known ? { known: true } : { known: false, reason: usage.reason };
}

/** What everyone who reads builds sees: counts and projects, not whose workspaces. */
export function buildUsageOf(
  usage: BuildUsageMap,
  buildId: number,
): CondaStoreBuildUsage {
  const used = usage.known ? usage.byBuild.get(buildId) : undefined;
  return {
    buildId,
    runningWorkspaces: used?.running.length ?? 0,
    projects: used?.projects ?? [],
    ...(used ? { lastUsedAt: used.lastUsedAt } : {}),
  };
}
