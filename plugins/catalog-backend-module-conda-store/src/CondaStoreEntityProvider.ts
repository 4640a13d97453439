import type { Entity } from '@backstage/catalog-model';
import type {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import type {
  CondaStoreApi,
  CondaStoreBuild,
  CondaStoreEnvironment,
} from '@internal/plugin-environments-node';
import { summarizeBuildFailure } from '@internal/plugin-environments-common';
import {
  condaStoreEnvironmentEntity,
  MAX_LISTED_BUILDS,
  OwnerRules,
} from './condaStoreEntity';

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELED']);

/** What the provider knows after its last successful sync. */
interface SyncState {
  environments: Map<number, CondaStoreEnvironment>;
  /** Builds per environment id. */
  builds: Map<number, CondaStoreBuild[]>;
  /** The highest build id seen: newer builds are the delta. */
  maxBuildId: number;
  /** Builds not yet COMPLETED, FAILED or CANCELED: their status may have changed. */
  pending: Set<number>;
  /** Entity names per environment id. */
  entityNames: Map<number, string>;
}

/** @public */
export type CondaStoreSyncReport =
  | {
      kind: 'full' | 'delta';
      environments: number;
      changed: number;
      builds: number;
      durationMs: number;
    }
  | { kind: 'failed'; error: string; durationMs: number };

/**
 * Puts conda-store's environments in the catalog, one conda-environment Resource each.
 *
 * The first sync (and every `fullSyncEvery`-th) replaces the provider's entities with
 * everything conda-store lists. In between, conda-store's API has no "changed since"
 * filter, so the delta reads builds newest first (`sort_by=id&order=desc`) down to the
 * newest one already seen, re-reads the builds that were still queued or building, and
 * re-emits only the environments those belong to. Deleted environments go at the next
 * full sync.
 *
 * A sync that fails (conda-store unreachable, a refused token, a token conda-store
 * takes for anonymous) logs why and leaves the catalog as it was; so does a full sync
 * that lists no environment while some are in the catalog.
 *
 * @public
 */
export class CondaStoreEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private state?: SyncState;
  private deltasSinceFull = 0;
  /** Why each failed build failed (read once from its log; a failed build stays failed). */
  private readonly failures = new Map<
    number,
    { failure: string; solverFailure: boolean }
  >();
  /** Entities the last applied mutation left in the catalog (survives a failed sync). */
  private entitiesInCatalog = 0;

  constructor(
    private readonly options: {
      client: CondaStoreApi;
      logger: LoggerService;
      owners: OwnerRules;
      /** Every how many runs a full sync replaces the delta (1: always). */
      fullSyncEvery: number;
      /** Requests in flight while reading builds and packages (default 8). */
      concurrency?: number;
      /** Runs the sync once connected; without one, call {@link CondaStoreEntityProvider.run}. */
      taskRunner?: SchedulerServiceTaskRunner;
    },
  ) {}

  getProviderName(): string {
    return 'conda-store';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.taskRunner?.run({
      id: 'conda-store-entity-provider',
      fn: async () => {
        await this.run();
      },
    });
  }

  async run(): Promise<CondaStoreSyncReport> {
    const started = Date.now();
    const full =
      !this.state || this.deltasSinceFull + 1 >= this.options.fullSyncEvery;
    try {
      const report = full ? await this.fullSync() : await this.deltaSync();
      const done = { ...report, durationMs: Date.now() - started };
      this.options.logger.info(
        `conda-store sync (${done.kind}): ${done.changed} of ${done.environments} environments emitted, ${done.builds} builds read, in ${done.durationMs} ms`,
      );
      return done;
    } catch (error) {
      // Nothing applied (or a delta half-read): the catalog keeps what it had, and the
      // next run starts over with a full sync.
      this.state = undefined;
      const message = (error as Error).message;
      this.options.logger.warn(
        `conda-store sync failed, the catalog keeps its conda-store environments as they were: ${message}`,
      );
      return {
        kind: 'failed',
        error: message,
        durationMs: Date.now() - started,
      };
    }
  }

  private get connected(): EntityProviderConnection {
    if (!this.connection)
      throw new Error(
        'conda-store provider is not connected to the catalog yet',
      );
    return this.connection;
  }

  private async fullSync() {
    const { client } = this.options;
    await client.whoami();
    const environments = await client.listEnvironments();
    if (environments.length === 0 && this.entitiesInCatalog > 0) {
      throw new Error(
        `conda-store at ${client.url} listed no environments while ${this.entitiesInCatalog} are in the catalog; not removing them (check the token's role bindings)`,
      );
    }
    const state: SyncState = {
      environments: new Map(environments.map(e => [e.id, e])),
      builds: new Map(),
      maxBuildId: 0,
      pending: new Set(),
      entityNames: new Map(),
    };
    let buildCount = 0;
    await client.walkBuilds({ sortBy: 'id', order: 'asc' }, page => {
      for (const build of page) this.remember(state, build);
      buildCount += page.length;
    });
    const entities = await this.entitiesFor(state, environments);
    await this.connected.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: this.locationKey,
      })),
    });
    this.state = state;
    this.deltasSinceFull = 0;
    this.entitiesInCatalog = entities.length;
    return {
      kind: 'full' as const,
      environments: environments.length,
      changed: entities.length,
      builds: buildCount,
    };
  }

  private async deltaSync() {
    const { client } = this.options;
    const state = this.state!;
    await client.whoami();
    const changedEnvironments = new Set<number>();
    let buildCount = 0;
    const newBuilds: CondaStoreBuild[] = [];
    await client.walkBuilds({ sortBy: 'id', order: 'desc' }, page => {
      buildCount += page.length;
      for (const build of page) {
        if (build.id <= state.maxBuildId) return false;
        newBuilds.push(build);
      }
      return true;
    });
    const refreshed = await mapLimit([...state.pending], this.concurrency, id =>
      client.getBuild(id).catch(error => {
        if ((error as Error).name === 'NotFoundError') return undefined; // deleted
        throw error;
      }),
    );
    buildCount += refreshed.length;
    for (const build of [
      ...newBuilds,
      ...refreshed.filter((b): b is CondaStoreBuild => !!b),
    ]) {
      this.remember(state, build);
      changedEnvironments.add(build.environment_id);
    }
    if ([...changedEnvironments].some(id => !state.environments.has(id))) {
      for (const environment of await client.listEnvironments()) {
        state.environments.set(environment.id, environment);
      }
    }
    const added: Entity[] = [];
    const removed: Entity[] = [];
    const current = await mapLimit(
      [...changedEnvironments],
      this.concurrency,
      async id => {
        const known = state.environments.get(id);
        if (!known) return undefined;
        try {
          return await client.getEnvironment(known.namespace.name, known.name);
        } catch (error) {
          if ((error as Error).name !== 'NotFoundError') throw error;
          return { ...known, deleted: true as const };
        }
      },
    );
    for (const environment of current) {
      if (!environment) continue;
      if ('deleted' in environment) {
        state.environments.delete(environment.id);
        const name = state.entityNames.get(environment.id);
        state.entityNames.delete(environment.id);
        if (name) removed.push(placeholder(name));
        continue;
      }
      state.environments.set(environment.id, environment);
    }
    const live = current.filter(
      (e): e is CondaStoreEnvironment => !!e && !('deleted' in e),
    );
    added.push(...(await this.entitiesFor(state, live)));
    if (added.length > 0 || removed.length > 0) {
      await this.connected.applyMutation({
        type: 'delta',
        added: added.map(entity => ({ entity, locationKey: this.locationKey })),
        removed: removed.map(entity => ({
          entity,
          locationKey: this.locationKey,
        })),
      });
    }
    this.deltasSinceFull += 1;
    this.entitiesInCatalog = state.entityNames.size;
    return {
      kind: 'delta' as const,
      environments: state.environments.size,
      changed: added.length + removed.length,
      builds: buildCount,
    };
  }

  private remember(state: SyncState, build: CondaStoreBuild) {
    const list = state.builds.get(build.environment_id) ?? [];
    const at = list.findIndex(b => b.id === build.id);
    if (at >= 0) list[at] = build;
    else list.push(build);
    state.builds.set(build.environment_id, list);
    state.maxBuildId = Math.max(state.maxBuildId, build.id);
    if (TERMINAL.has(build.status)) state.pending.delete(build.id);
    else state.pending.add(build.id);
  }

  // The current build (with its specification) and, once built, its packages.
  private async entitiesFor(
    state: SyncState,
    environments: CondaStoreEnvironment[],
  ): Promise<Entity[]> {
    const { client } = this.options;
    const entities = await mapLimit(
      environments,
      this.concurrency,
      async environment => {
        const currentBuild = await client.getBuild(
          environment.current_build_id,
        );
        const packages =
          currentBuild.status === 'COMPLETED'
            ? await client.getBuildPackages(currentBuild.id)
            : [];
        const builds = state.builds.get(environment.id) ?? [currentBuild];
        await this.readFailures(builds);
        const entity = condaStoreEnvironmentEntity({
          url: client.url,
          environment,
          currentBuild,
          builds,
          packages,
          owners: this.options.owners,
          failures: this.failures,
        });
        state.entityNames.set(environment.id, entity.metadata.name);
        return entity;
      },
    );
    return entities;
  }

  // The failed builds an entity lists whose logs were not read yet.
  private async readFailures(builds: CondaStoreBuild[]) {
    const unread = [...builds]
      .sort((a, b) => b.id - a.id)
      .slice(0, MAX_LISTED_BUILDS)
      .filter(b => b.status === 'FAILED' && !this.failures.has(b.id));
    for (const build of unread) {
      try {
        const log = await this.options.client.getBuildLog(build.id);
        this.failures.set(build.id, summarizeBuildFailure(log));
      } catch (error) {
        // A log conda-store lost (storage cleaned up) must not hold up the sync.
        this.options.logger.warn(
          `conda-store build ${
            build.id
          } failed and its log could not be read: ${(error as Error).message}`,
        );
      }
    }
  }

  private get concurrency() {
    return this.options.concurrency ?? 8;
  }

  private get locationKey() {
    return `conda-store:${this.options.client.url}`;
  }
}

// A delta removal names the entity by its ref; the rest of it does not matter.
function placeholder(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default' },
  };
}

async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from(
    { length: Math.min(limit, items.length) },
    async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await fn(items[index]);
      }
    },
  );
  await Promise.all(workers);
  return results;
}
