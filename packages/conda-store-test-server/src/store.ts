/*
 * The test server's state: namespaces, environments, specifications, builds, their
 * packages, logs and lockfiles, and the worker that moves a build from QUEUED through
 * BUILDING to COMPLETED or FAILED (conda-store's celery worker,
 * `_internal/worker/build.py`: a completed build becomes the environment's current
 * build; a failed one leaves `status_info` null and its reason in the log).
 */
import { createHash } from 'node:crypto';
import { lockfileYaml, ResolvedPackage, solve } from './solver';
import type {
  CondaStoreBuild,
  CondaStoreEnvironment,
  CondaStoreNamespace,
  CondaStoreSpecification,
} from './types';

interface StoredBuild extends CondaStoreBuild {
  specification: CondaStoreSpecification;
  /** `deleted_on` set: not in lists, no prefix (not in conda-store's answers). */
  deleted?: boolean;
  packages: ResolvedPackage[];
  log: string;
  lockfile: string;
}

/** Nebari's `c.CondaStore.store_directory`, the volume mounted at /home/conda. */
export const STORE_DIRECTORY = '/home/conda';

/**
 * conda-store's build key, version 2 (its default, `BuildKey._version2_fmt`):
 * `<sha256[:8]>-<scheduled_on as a UTC timestamp>-<build id>-<specification name>`.
 */
export function buildKey(build: CondaStoreBuild): string {
  const scheduled = Date.parse(`${build.scheduled_on}Z`);
  return `${build.specification!.sha256.slice(0, 8)}-${Math.floor(
    scheduled / 1000,
  )}-${build.id}-${build.specification!.name}`;
}

// conda-store stores naive UTC datetimes; pydantic dumps them without a zone.
const isoNaive = (ms: number) => new Date(ms).toISOString().replace('Z', '');

export class CondaStoreState {
  readonly namespaces = new Map<string, CondaStoreNamespace>();
  /** key `<namespace>/<name>` */
  readonly environments = new Map<string, CondaStoreEnvironment>();
  readonly builds = new Map<number, StoredBuild>();
  private readonly byId = new Map<number, CondaStoreEnvironment>();
  private nextId = {
    namespace: 1,
    environment: 1,
    build: 1,
    specification: 1,
    package: 1,
  };
  private readonly timers = new Set<NodeJS.Timeout>();
  /** While true, no build leaves QUEUED (a conda-store whose workers are down). */
  workersStopped = false;

  constructor(private readonly timing: { queueMs: number; buildMs: number }) {}

  ensureNamespace(name: string): CondaStoreNamespace {
    let namespace = this.namespaces.get(name);
    if (!namespace) {
      namespace = { id: this.nextId.namespace++, name };
      this.namespaces.set(name, namespace);
    }
    return namespace;
  }

  environmentById(id: number): CondaStoreEnvironment | undefined {
    const environment = this.byId.get(id);
    // `environments` may have been changed directly (a test clearing the store).
    return environment &&
      this.environments.get(
        `${environment.namespace.name}/${environment.name}`,
      ) === environment
      ? environment
      : undefined;
  }

  /**
   * `CondaStore.register_environment`: ensures the namespace and environment, queues a
   * build; a new environment's first build is its current build at once.
   */
  register(
    namespaceName: string,
    spec: CondaStoreSpecification['spec'],
    options: { at?: number; finished?: boolean } = {},
  ): CondaStoreBuild {
    const namespace = this.ensureNamespace(namespaceName);
    const key = `${namespaceName}/${spec.name}`;
    const at = options.at ?? Date.now();
    let environment = this.environments.get(key);
    const buildId = this.nextId.build++;
    if (!environment) {
      environment = {
        id: this.nextId.environment++,
        namespace,
        name: spec.name,
        current_build_id: buildId,
        description: spec.description ?? '',
      };
      this.environments.set(key, environment);
      this.byId.set(environment.id, environment);
    }
    const specification: CondaStoreSpecification = {
      id: this.nextId.specification++,
      name: spec.name,
      spec: { description: '', prefix: null, variables: null, ...spec },
      sha256: createHash('sha256').update(JSON.stringify(spec)).digest('hex'),
      created_on: isoNaive(at),
    };
    const build: StoredBuild = {
      id: buildId,
      environment_id: environment.id,
      specification,
      status: 'QUEUED',
      status_info: null,
      size: 0,
      scheduled_on: isoNaive(at),
      started_on: null,
      ended_on: null,
      packages: [],
      log: '',
      lockfile: '',
    };
    this.builds.set(build.id, build);
    if (options.finished) {
      // Seeded history: built at once, as the solver decides.
      this.start(build, at + 1000);
      this.finish(build, at + 90_000);
    } else {
      this.schedule(build);
    }
    return build;
  }

  private schedule(build: StoredBuild) {
    const later = (ms: number, fn: () => void) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        fn();
      }, ms);
      timer.unref();
      this.timers.add(timer);
    };
    later(this.timing.queueMs, () => {
      if (build.status !== 'QUEUED') return;
      if (this.workersStopped) {
        this.schedule(build);
        return;
      }
      this.start(build, Date.now());
      later(this.timing.buildMs, () => this.finish(build, Date.now()));
    });
  }

  private start(build: StoredBuild, at: number) {
    build.status = 'BUILDING';
    build.started_on = isoNaive(at);
    const environment = this.environmentById(build.environment_id)!;
    build.log = [
      `${isoNaive(at)} INFO Starting build ${build.id} of environment ${
        environment.namespace.name
      }/${environment.name}`,
      `${isoNaive(at)} INFO Locking dependencies for ['linux-64']...`,
    ].join('\n');
  }

  /** Ends a build: COMPLETED or FAILED as the solver says. */
  private finish(build: StoredBuild, at: number) {
    if (build.status !== 'BUILDING') return;
    const result = solve(build.specification.spec);
    const failed = !result.ok;
    const time = isoNaive(at);
    build.ended_on = time;
    if (failed) {
      build.status = 'FAILED';
      const message = result.ok ? '' : result.message;
      build.log += `\n${[
        'Traceback (most recent call last):',
        '  File "/opt/conda/lib/python3.12/site-packages/conda_store_server/_internal/worker/build.py", line 283, in build_conda_environment',
        '    context = action.action_solve_lockfile(',
        'conda_lock._vendor.poetry.core.exceptions.CondaLockError: Could not lock the environment for platform linux-64',
        message,
        '',
        `    Command: ['/opt/conda/condabin/conda', 'create', '--prefix', '/tmp/tmp${build.id}/prefix', '--dry-run', '--json']`,
      ].join('\n')}`;
      return;
    }
    build.status = 'COMPLETED';
    build.packages = result.packages;
    build.size = 150_000_000 + result.packages.length * 4_000_000;
    build.lockfile = lockfileYaml(
      result.packages,
      build.specification.spec.channels,
    );
    build.build_artifacts = [
      {
        id: build.id * 10 + 1,
        artifact_type: 'LOCKFILE',
        key: `lockfile/${build.id}.yml`,
      },
      {
        id: build.id * 10 + 2,
        artifact_type: 'LOGS',
        key: `logs/${build.id}.log`,
      },
      // set_build_completed: the conda prefix, `Build.build_path` (build_directory
      // "{store_directory}/{namespace}" / build key v2, conda-store's default).
      {
        id: build.id * 10 + 3,
        artifact_type: 'DIRECTORY',
        key: `${STORE_DIRECTORY}/${
          this.environmentById(build.environment_id)!.namespace.name
        }/${buildKey(build)}`,
      },
    ];
    build.log += `\n${time} INFO Environment solved: ${result.packages.length} packages\n${time} INFO build ${build.id} COMPLETED`;
    this.environmentById(build.environment_id)!.current_build_id = build.id;
  }

  /**
   * `DELETE /api/v1/build/{id}/` then `task_delete_build`: a COMPLETED or FAILED build
   * (even the current one: conda-store does not check) loses its prefix (the DIRECTORY
   * artifact), its size goes to 0 and it leaves the build list; `GET /build/{id}/` still
   * answers it (conda-store's `get_build` does not filter soft-deleted builds).
   */
  deleteBuild(build: CondaStoreBuild): string | undefined {
    if (build.status !== 'COMPLETED' && build.status !== 'FAILED')
      return 'cannot delete build since not finished building';
    const stored = build as StoredBuild;
    stored.deleted = true;
    stored.size = 0;
    stored.build_artifacts = (stored.build_artifacts ?? []).filter(
      a => a.artifact_type !== 'DIRECTORY',
    );
    return undefined;
  }

  /** Package rows of a build in `schema.CondaPackage` shape, ordered by channel, name. */
  buildPackages(build: CondaStoreBuild) {
    const stored = build as StoredBuild;
    return [...stored.packages]
      .sort(
        (a, b) =>
          a.channel.localeCompare(b.channel) || a.name.localeCompare(b.name),
      )
      .map((p, i) => ({
        id: build.id * 1000 + i,
        channel: { id: 1, name: p.channel },
        license: p.license,
        name: p.name,
        version: p.version,
        summary: p.summary,
      }));
  }

  logOf(build: CondaStoreBuild): string {
    return (build as StoredBuild).log;
  }

  lockfileOf(build: CondaStoreBuild): string {
    return (build as StoredBuild).lockfile;
  }

  close() {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
