import type {
  CondaStoreBuildInUse,
  CondaStoreFailedBuild,
  CondaStoreIdleEnvironment,
  CondaStoreNamespaceUsage,
  CondaStoreOverview,
} from '@internal/plugin-environments-common';
import type {
  CondaStoreApi,
  CondaStoreBuild,
  CondaStoreEnvironment,
} from '@internal/plugin-environments-node';
import type { WorkspacesApi } from '@internal/plugin-workspaces-node';
import {
  readBuildUsage,
  usageKnown,
  type BuildUsageMap,
} from './workspaceUsage';

/** Failed builds the overview lists (newest first); namespaces count all of them. */
const MAX_FAILED_BUILDS = 100;
const DAY_MS = 24 * 60 * 60 * 1000;

// conda-store writes naive UTC datetimes (`2026-11-02T10:00:00.123456`), which
// `new Date` would read as local time.
function instant(value: string): number {
  return Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`);
}

/**
 * The DevOps view of conda-store's sprawl: environments, builds, failures and bytes per
 * namespace, the newest failed builds, the builds workspaces used in a window and the
 * environments no workspace used in it. When the workspaces backend cannot say which
 * builds workspaces used, idle falls back to "no completed build in the window".
 */
export class CondaStoreOverviewService {
  constructor(
    private readonly condaStore: CondaStoreApi,
    private readonly workspaces: WorkspacesApi,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async overview(options: { idleDays: number }): Promise<CondaStoreOverview> {
    const now = this.now();
    const [usage, environments, failed, buildUsage] = await Promise.all([
      this.condaStore.getUsage(),
      this.condaStore.listEnvironments(),
      this.failedBuilds(),
      readBuildUsage(this.workspaces, { days: options.idleDays, now }),
    ]);
    const byId = new Map(environments.map(e => [e.id, e]));
    const failedPerNamespace = new Map<string, number>();
    for (const build of failed) {
      const namespace = byId.get(build.environment_id)?.namespace.name;
      if (namespace)
        failedPerNamespace.set(
          namespace,
          (failedPerNamespace.get(namespace) ?? 0) + 1,
        );
    }
    const namespaces: CondaStoreNamespaceUsage[] = Object.entries(usage)
      .map(([namespace, row]) => ({
        namespace,
        environments: row.num_environments,
        builds: row.num_builds,
        failedBuilds: failedPerNamespace.get(namespace) ?? 0,
        storageBytes: row.storage,
      }))
      .sort((a, b) => b.storageBytes - a.storageBytes);
    const failedBuilds = failed
      .slice(0, MAX_FAILED_BUILDS)
      .flatMap((build): CondaStoreFailedBuild[] => {
        const environment = byId.get(build.environment_id);
        if (!environment) return [];
        return [
          {
            id: build.id,
            namespace: environment.namespace.name,
            environment: environment.name,
            scheduledOn: build.scheduled_on,
            ...(build.ended_on ? { endedOn: build.ended_on } : {}),
          },
        ];
      });
    const buildsInUse = await this.buildsInUse(buildUsage, byId);
    return {
      url: this.condaStore.url,
      generatedAt: now.toISOString(),
      idleDays: options.idleDays,
      namespaces,
      failedBuilds,
      idleEnvironments: await this.idleEnvironments(
        environments,
        now.getTime() - options.idleDays * DAY_MS,
        buildUsage.known
          ? new Set(buildsInUse.map(b => `${b.namespace}/${b.environment}`))
          : undefined,
      ),
      buildsInUse,
      workspaceUsage: usageKnown(buildUsage),
    };
  }

  // The builds workspaces used, with their environment from conda-store (build ids are
  // conda-store's own, across environments); a build conda-store no longer knows is
  // left out.
  private async buildsInUse(
    usage: BuildUsageMap,
    environments: Map<number, CondaStoreEnvironment>,
  ): Promise<CondaStoreBuildInUse[]> {
    if (!usage.known) return [];
    const found = await Promise.all(
      [...usage.byBuild.entries()].map(async ([buildId, used]) => {
        const build = await this.condaStore
          .getBuild(buildId)
          .catch(() => undefined);
        const environment = build && environments.get(build.environment_id);
        if (!environment) return [];
        return [
          {
            buildId,
            namespace: environment.namespace.name,
            environment: environment.name,
            running: used.running,
            projects: used.projects,
            lastUsedAt: used.lastUsedAt,
          },
        ];
      }),
    );
    return found
      .flat()
      .sort(
        (a, b) =>
          b.lastUsedAt.localeCompare(a.lastUsedAt) || b.buildId - a.buildId,
      );
  }

  private async failedBuilds(): Promise<CondaStoreBuild[]> {
    const failed: CondaStoreBuild[] = [];
    await this.condaStore.walkBuilds(
      { status: 'FAILED', sortBy: 'id', order: 'desc' },
      page => {
        failed.push(...page);
      },
    );
    return failed;
  }

  // Completed builds newest first, walked only back to the window's start: the
  // environments seen are the recently built ones. Idle are those no workspace used
  // (`used`, "namespace/name") or, when usage is not known, those not built recently.
  private async idleEnvironments(
    environments: CondaStoreEnvironment[],
    since: number,
    used: Set<string> | undefined,
  ): Promise<CondaStoreIdleEnvironment[]> {
    const builtRecently = new Set<number>();
    const lastBuilt = new Map<number, string>();
    await this.condaStore.walkBuilds(
      { status: 'COMPLETED', sortBy: 'ended_on', order: 'desc' },
      page => {
        let older = false;
        for (const build of page) {
          const ended = build.ended_on ?? build.scheduled_on;
          if (instant(ended) >= since) builtRecently.add(build.environment_id);
          else {
            older = true;
            if (!lastBuilt.has(build.environment_id))
              lastBuilt.set(build.environment_id, ended);
          }
        }
        return !older;
      },
    );
    return environments
      .filter(e =>
        used
          ? !used.has(`${e.namespace.name}/${e.name}`)
          : !builtRecently.has(e.id),
      )
      .map(e => ({
        namespace: e.namespace.name,
        environment: e.name,
        currentBuildId: e.current_build_id,
        ...(lastBuilt.has(e.id) ? { lastBuiltOn: lastBuilt.get(e.id) } : {}),
      }))
      .sort(
        (a, b) =>
          a.namespace.localeCompare(b.namespace) ||
          a.environment.localeCompare(b.environment),
      );
  }
}
