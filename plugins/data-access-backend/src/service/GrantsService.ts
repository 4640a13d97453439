import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type {
  AccessLevel,
  AccessMatrix,
  DataGrant,
  DataSource,
  DataSourceDetails,
  GrantBody,
  GrantPatch,
  WhoCouldAccess,
} from '@internal/plugin-data-access-common';
import { randomUUID } from 'node:crypto';
import type { DataAccessStore } from '../database/DataAccessStore';
import type { CatalogDirectory, DataSourceIndex, IndexedSource } from './DataSourceIndex';
import { toExpiry } from './expiry';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');
const OPEN_REQUEST_STATUSES = ['pending', 'owner-approved'] as const;

/** Who asks: the signed-in person, their groups, and what they may manage. */
export interface Viewer {
  userEntityRef: string;
  groups: string[];
  canManage: (source: DataSource) => boolean;
}

/** A source and the access a person holds to it now. */
export interface HeldAccess {
  indexed: IndexedSource;
  access: AccessLevel;
}

export interface MatrixFilter {
  sensitivity?: string;
  type?: string;
  q?: string;
}

/**
 * Grants: who holds which access to which data source, now and at any past time, and
 * the changes owners and admins make. Permission checks are the router's.
 */
export class GrantsService {
  constructor(
    private readonly options: {
      store: DataAccessStore;
      index: DataSourceIndex;
      directory: CatalogDirectory;
      now?: () => Date;
    },
  ) {}

  now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  /** The source of a ref, or a 404 naming it. */
  async sourceOrThrow(ref: string): Promise<IndexedSource> {
    const found = await this.options.index.get(ref);
    const problems = found ? undefined : this.options.index.problemsOf(ref);
    if (problems?.length) {
      throw new InputError(`${ref} is not a data source Atrium can use: ${problems.join('; ')}`);
    }
    if (!found) {
      throw new NotFoundError(
        `There is no data source ${ref} in the catalog: check the name, or ask its owner to register it`,
      );
    }
    return found;
  }

  /** A stored grant, or a 404; implicit grants are refused with why. */
  async grantOrThrow(id: string): Promise<DataGrant> {
    if (id.startsWith('implicit:')) {
      throw new InputError(
        `${id} is a group's own shared folder: it is read-write for that group and cannot be changed or ended`,
      );
    }
    const grant = await this.options.store.getGrant(id);
    if (!grant) throw new NotFoundError(`There is no grant ${id}`);
    return grant;
  }

  /**
   * The highest access per source that `subjects` (a person and their groups) hold at
   * `at`: stored grants in one indexed query, plus the implicit shared folders.
   */
  async accessOf(subjects: string[], at: Date): Promise<Map<string, HeldAccess>> {
    const wanted = new Set(subjects.map(lower));
    const [resolved, sources] = await Promise.all([
      this.options.store.resolveGrants([...wanted], at),
      this.options.index.all(),
    ]);
    const held = new Map<string, HeldAccess>();
    for (const r of resolved) {
      const indexed = sources.get(r.source);
      if (indexed) held.set(r.source, { indexed, access: r.access });
    }
    for (const indexed of sources.values()) {
      if (indexed.implicit && wanted.has(indexed.implicit.subject)) {
        held.set(indexed.source.ref, { indexed, access: 'read-write' });
      }
    }
    return held;
  }

  private withImplicit(grants: DataGrant[], sources: IndexedSource[]): DataGrant[] {
    return [...sources.flatMap(s => (s.implicit ? [s.implicit] : [])), ...grants];
  }

  async matrix(viewer: Viewer, filter: MatrixFilter): Promise<AccessMatrix> {
    const q = filter.q?.toLocaleLowerCase('en-US');
    const sources = [...(await this.options.index.all()).values()]
      .filter(({ source }) =>
        (!filter.sensitivity || source.spec.sensitivity === filter.sensitivity) &&
        (!filter.type || source.type === filter.type) &&
        (!q ||
          [source.name, source.title ?? '', source.description ?? ''].some(t =>
            t.toLocaleLowerCase('en-US').includes(q),
          )),
      )
      .sort((a, b) => a.source.name.localeCompare(b.source.name));
    const now = this.now();
    const grants = this.withImplicit(
      await this.options.store.listActiveGrants(now, sources.map(s => s.source.ref)),
      sources,
    );
    const mine = await this.accessOf([viewer.userEntityRef, ...viewer.groups], now);
    const bySource = new Map<string, DataGrant[]>();
    for (const g of grants) bySource.set(g.source, [...(bySource.get(g.source) ?? []), g]);
    return {
      rows: sources.map(({ source }) => ({
        source,
        grants: bySource.get(source.ref) ?? [],
        canManage: viewer.canManage(source),
        myAccess: mine.get(source.ref)?.access ?? null,
      })),
      subjects: [...new Set(grants.map(g => g.subject).filter(s => s.startsWith('group:')))].sort(),
    };
  }

  async details(viewer: Viewer, ref: string): Promise<DataSourceDetails> {
    const indexed = await this.sourceOrThrow(ref);
    const { source } = indexed;
    const now = this.now();
    const canManage = viewer.canManage(source);
    const { store } = this.options;
    const [grants, pastGrants, mine, requests] = await Promise.all([
      store.listActiveGrants(now, [source.ref]),
      canManage ? store.listPastGrants(source.ref, now) : Promise.resolve([]),
      this.accessOf([viewer.userEntityRef, ...viewer.groups], now),
      canManage
        ? store.listRequests({ sources: [source.ref], statuses: [...OPEN_REQUEST_STATUSES] })
        : store.listRequests({ sources: [source.ref], requester: viewer.userEntityRef }),
    ]);
    return {
      source,
      grants: this.withImplicit(grants, [indexed]),
      pastGrants,
      myAccess: mine.get(source.ref)?.access ?? null,
      canManage,
      requests,
    };
  }

  /** A new grant; the subject must be in the catalog and the expiry in the future. */
  async create(
    grantedBy: string,
    body: GrantBody,
    requestId: string | null = null,
  ): Promise<DataGrant> {
    const { source } = await this.sourceOrThrow(body.source);
    const subject = lower(body.subject);
    const now = this.now();
    const expiresAt = body.expiresAt ? toExpiry(body.expiresAt, now) : null;
    if (!(await this.options.directory.exists(subject))) {
      throw new InputError(
        `There is no group or user ${subject} in the catalog: grant to a group (group:default/<name>) or a person that exists`,
      );
    }
    const current = (await this.options.store.listActiveGrants(now, [source.ref])).find(
      g => g.subject === subject,
    );
    if (current) {
      throw new ConflictError(
        `${subject} already holds ${current.access} access to ${source.name} (grant ${current.id}): change that grant instead`,
      );
    }
    return this.options.store.createGrant({
      id: randomUUID(),
      source: source.ref,
      subject,
      access: body.access,
      expiresAt,
      grantedBy,
      grantedAt: now.toISOString(),
      requestId,
    });
  }

  /**
   * What an approved request makes: a new grant, or, when the subject holds one already,
   * that grant (raised to read-write if that is what was asked).
   */
  async grantForRequest(grantedBy: string, body: GrantBody, requestId: string): Promise<DataGrant> {
    const current = (await this.options.store.listActiveGrants(this.now(), [body.source])).find(
      g => g.subject === lower(body.subject),
    );
    if (!current) return this.create(grantedBy, body, requestId);
    if (current.access === 'read' && body.access === 'read-write') {
      return this.change(current, { access: 'read-write' });
    }
    return current;
  }

  async change(grant: DataGrant, patch: GrantPatch): Promise<DataGrant> {
    const expiresAt =
      patch.expiresAt === undefined || patch.expiresAt === null
        ? patch.expiresAt
        : toExpiry(patch.expiresAt, this.now());
    const changed = await this.options.store.updateGrant(grant.id, { access: patch.access, expiresAt });
    if (!changed) throw new ConflictError(`Grant ${grant.id} has ended: make a new grant instead`);
    return changed;
  }

  async end(grant: DataGrant, endedBy: string, reason?: string): Promise<DataGrant> {
    const ended = await this.options.store.endGrant(grant.id, {
      endedAt: this.now().toISOString(),
      endedBy,
      endReason: reason?.trim() || 'ended',
    });
    if (!ended) throw new ConflictError(`Grant ${grant.id} has ended already`);
    return ended;
  }

  /**
   * The grants in force at `at` (an instant, or a whole UTC day given as `2026-12-01`)
   * and the people they reached (memberships as they are now).
   */
  async whoCouldAccess(ref: string, at: string): Promise<WhoCouldAccess> {
    const indexed = await this.sourceOrThrow(ref);
    const day = /^\d{4}-\d{2}-\d{2}$/.test(at);
    const from = new Date(day ? `${at}T00:00:00Z` : at);
    const until = day ? new Date(from.getTime() + 86_400_000 - 1) : from;
    const grants = this.withImplicit(
      await this.options.store.grantsInForceAt(indexed.source.ref, from, until),
      [indexed],
    );
    const people: WhoCouldAccess['people'] = [];
    for (const grant of grants) {
      const users = grant.subject.startsWith('group:')
        ? await this.options.directory.membersOf(grant.subject)
        : [grant.subject];
      for (const user of users) people.push({ user, access: grant.access, via: grant.subject });
    }
    people.sort((a, b) => a.user.localeCompare(b.user) || a.via.localeCompare(b.via));
    return { source: indexed.source.ref, at: day ? at : from.toISOString(), grants, people };
  }
}
