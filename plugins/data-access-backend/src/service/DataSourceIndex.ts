import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DATA_SOURCE_TYPES,
  NEBARI_SHARED_FOLDER_ANNOTATION,
  toDataSource,
  validateDataSourceEntity,
  type DataGrant,
  type DataSource,
} from '@internal/plugin-data-access-common';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/** A data source as the index keeps it: the source, and its implicit grant if any. */
export interface IndexedSource {
  source: DataSource;
  /** A Nebari group's own shared folder: read-write for that group, not stored. */
  implicit?: DataGrant;
}

/** The implicit grant of a generated Nebari shared folder to its owner group. */
function implicitGrant(entity: Entity, source: DataSource): DataGrant | undefined {
  if (
    source.type !== 'shared-folder' ||
    !entity.metadata.annotations?.[NEBARI_SHARED_FOLDER_ANNOTATION] ||
    !source.owner.startsWith('group:')
  ) {
    return undefined;
  }
  return {
    id: `implicit:${source.ref}`,
    source: source.ref,
    subject: source.owner,
    access: 'read-write',
    expiresAt: null,
    grantedBy: 'atrium',
    grantedAt: new Date(0).toISOString(),
    endedAt: null,
    endedBy: null,
    endReason: null,
    requestId: null,
    implicit: true,
  };
}

/**
 * The catalog's data sources, kept in memory and read again at most every `ttlMs`, so
 * that a launch or a page does not list the catalog. Entities that fail validation are
 * left out (the catalog processor reports them).
 */
export class DataSourceIndex {
  private loaded?: { at: number; sources: Map<string, IndexedSource> };
  /** Data source entities that fail validation, by ref: what is wrong with each. */
  private invalid = new Map<string, string[]>();
  private loading?: Promise<Map<string, IndexedSource>>;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      ttlMs?: number;
      now?: () => number;
    },
  ) {}

  private now() {
    return (this.options.now ?? Date.now)();
  }

  /** Every data source by lower-case ref. */
  async all(): Promise<Map<string, IndexedSource>> {
    const ttl = this.options.ttlMs ?? 15_000;
    if (this.loaded && this.now() - this.loaded.at < ttl) return this.loaded.sources;
    // One catalog read at a time, whoever asks.
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  async get(ref: string): Promise<IndexedSource | undefined> {
    return (await this.all()).get(lower(ref));
  }

  /** What is wrong with a data source entity Atrium cannot use, if that is why `get` found none. */
  problemsOf(ref: string): string[] | undefined {
    return this.invalid.get(lower(ref));
  }

  /** Reads the catalog again at the next call (after a change this process made). */
  invalidate() {
    this.loaded = undefined;
  }

  private async load(): Promise<Map<string, IndexedSource>> {
    const { items } = await this.options.catalog.getEntities(
      { filter: { kind: 'Resource', 'spec.type': [...DATA_SOURCE_TYPES] } },
      { credentials: await this.options.auth.getOwnServiceCredentials() },
    );
    const sources = new Map<string, IndexedSource>();
    const invalid = new Map<string, string[]>();
    for (const entity of items) {
      const source = toDataSource(entity);
      if (!source) {
        invalid.set(lower(stringifyEntityRef(entity)), validateDataSourceEntity(entity));
        continue;
      }
      sources.set(source.ref, { source, implicit: implicitGrant(entity, source) });
    }
    this.loaded = { at: this.now(), sources };
    this.invalid = invalid;
    return sources;
  }
}

/** The people and groups of the catalog, as data access needs them. */
export class CatalogDirectory {
  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  private async credentials() {
    return { credentials: await this.auth.getOwnServiceCredentials() };
  }

  /** Whether a user or group ref names an entity of the catalog. */
  async exists(ref: string): Promise<boolean> {
    return Boolean(await this.catalog.getEntityByRef(ref, await this.credentials()));
  }

  /**
   * A person's groups as the catalog has them now (their memberOf relations), which
   * the directory sync (LDAP, Keycloak) keeps current. Undefined: no such user.
   */
  async groupsOf(userRef: string): Promise<string[] | undefined> {
    const entity = await this.catalog.getEntityByRef(userRef, await this.credentials());
    if (!entity) return undefined;
    return (entity.relations ?? [])
      .filter(r => r.type === 'memberOf')
      .map(r => lower(r.targetRef))
      .filter(r => r.startsWith('group:'));
  }

  /** The members of a group now (users whose memberOf names it). */
  async membersOf(groupRef: string): Promise<string[]> {
    const { items } = await this.catalog.getEntities(
      {
        filter: { kind: 'User', 'relations.memberOf': lower(groupRef) },
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      await this.credentials(),
    );
    return items
      .map(e => lower(`user:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`))
      .sort();
  }
}

/** The name part of an entity ref, for sentences: resource:default/x -> x. */
export function shortName(ref: string): string {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}
