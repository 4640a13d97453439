import type {
  EnvironmentUsage,
  WorkspaceStatus,
} from '@internal/plugin-workspaces-common';
import type { Knex } from 'knex';
import { iso } from './rows';

/** Statuses in which a workspace holds its environment: a server exists on the hub. */
const RUNNING_STATUSES: WorkspaceStatus[] = ['starting', 'running', 'stopping'];

interface UseRow {
  environment: string;
  environment_build: number | string | null;
  project: string | null;
  last_used: Date | string | number | null;
}

interface RunningRow {
  id: string;
  owner: string;
  project: string | null;
  name: string;
  environment: string;
  environment_build: number | string | null;
}

const usageKey = (environment: string, build: number | undefined) =>
  `${environment}\u0000${build ?? ''}`;

const buildOf = (value: number | string | null) =>
  value === null || value === undefined ? undefined : Number(value);

/**
 * Per environment and conda-store build: the workspaces running it now, the projects
 * that used it since `since`, and when it was last used. A use is a launch (the launch
 * event records the environment and build) or a workspace last seen running on it
 * (its end, for a stopped workspace); a running workspace uses it now. Launches of
 * deleted workspaces still count (their events stay), without a project.
 */
export async function readEnvironmentUsage(
  db: Knex,
  options: { since: string; now: Date },
): Promise<EnvironmentUsage[]> {
  const since = new Date(options.since);
  const launches = db('workspace_events as e')
    .leftJoin('workspaces as w', 'w.id', 'e.workspace_id')
    .select(
      'e.environment',
      'e.environment_build',
      'w.project',
      db.ref('e.at').as('used_at'),
    )
    .where('e.status', 'starting')
    .whereNotNull('e.environment')
    .where('e.at', '>=', since);
  const lastSeen = db('workspaces')
    .select(
      'environment',
      'environment_build',
      'project',
      db.ref('last_seen_running_at').as('used_at'),
    )
    .whereNotNull('environment')
    .where('last_seen_running_at', '>=', since);
  // One aggregate over both kinds of use.
  const uses: UseRow[] = await db
    .select('environment', 'environment_build', 'project')
    .max({ last_used: 'used_at' })
    .from(launches.unionAll(lastSeen).as('uses'))
    .groupBy('environment', 'environment_build', 'project');
  const running: RunningRow[] = await db('workspaces')
    .select(
      'id',
      'owner',
      'project',
      'name',
      'environment',
      'environment_build',
    )
    .whereNotNull('environment')
    .whereIn('status', RUNNING_STATUSES)
    .orderBy('id');

  const byKey = new Map<string, EnvironmentUsage>();
  const entry = (environment: string, build: number | undefined) => {
    const key = usageKey(environment, build);
    let usage = byKey.get(key);
    if (!usage) {
      usage = {
        environment,
        ...(build !== undefined ? { environmentBuild: build } : {}),
        running: [],
        projects: [],
        lastUsedAt: new Date(0).toISOString(),
      };
      byKey.set(key, usage);
    }
    return usage;
  };
  const addProject = (usage: EnvironmentUsage, project: string | null) => {
    if (project && !usage.projects.includes(project)) {
      usage.projects.push(project);
    }
  };
  for (const row of uses) {
    const usage = entry(row.environment, buildOf(row.environment_build));
    addProject(usage, row.project);
    const usedAt = iso(row.last_used);
    if (usedAt && usedAt > usage.lastUsedAt) usage.lastUsedAt = usedAt;
  }
  for (const row of running) {
    const usage = entry(row.environment, buildOf(row.environment_build));
    usage.running.push({
      id: row.id,
      owner: row.owner,
      name: row.name,
      ...(row.project ? { project: row.project } : {}),
    });
    addProject(usage, row.project);
    usage.lastUsedAt = options.now.toISOString();
  }
  const items = [...byKey.values()];
  for (const usage of items) usage.projects.sort();
  return items.sort(
    (a, b) =>
      a.environment.localeCompare(b.environment) ||
      (a.environmentBuild ?? 0) - (b.environmentBuild ?? 0),
  );
}
