import type {
  AccessLevel,
  AccessRequest,
  AccessRequestStatus,
  DataGrant,
  DataLaunchRecord,
  HeldWithoutAccess,
} from '@internal/plugin-data-access-common';

/** A grant as created: the store sets nothing but what it is given. */
export type NewGrant = Pick<
  DataGrant,
  'id' | 'source' | 'subject' | 'access' | 'expiresAt' | 'grantedBy' | 'grantedAt' | 'requestId'
>;

/** How a grant ends: by a person (endedBy) or found expired (endedBy null). */
export interface GrantEnding {
  endedAt: string;
  endedBy: string | null;
  endReason: string;
}

/** What resolution returns: the highest access per source. */
export interface ResolvedGrant {
  source: string;
  access: AccessLevel;
}

export interface RequestQuery {
  requester?: string;
  /** Only requests for these sources (lower-case refs). */
  sources?: string[];
  statuses?: AccessRequestStatus[];
  limit?: number;
}

/** A change of a request's status, applied only if it still has `from`. */
export interface RequestTransition {
  from: AccessRequestStatus;
  to: AccessRequestStatus;
  decision?: AccessRequest['decisions'][number];
  grantId?: string;
  at: string;
}

export interface DataAccessStore {
  createGrant(grant: NewGrant): Promise<DataGrant>;
  getGrant(id: string): Promise<DataGrant | undefined>;
  /** Changes an open grant; undefined when it is ended (or unknown). */
  updateGrant(
    id: string,
    patch: { access?: AccessLevel; expiresAt?: string | null },
  ): Promise<DataGrant | undefined>;
  /** Ends an open grant; undefined when it was already ended (or unknown). */
  endGrant(id: string, ending: GrantEnding): Promise<DataGrant | undefined>;
  /** Grants neither ended nor expired at `at`, of these sources (all when omitted). */
  listActiveGrants(at: Date, sources?: string[]): Promise<DataGrant[]>;
  /** A source's ended or expired grants, newest first. */
  listPastGrants(source: string, at: Date, limit?: number): Promise<DataGrant[]>;
  /**
   * The grants of a source in force at some moment from `at` to `until` (default `at`):
   * granted by `until`, not ended or expired before `at`.
   */
  grantsInForceAt(source: string, at: Date, until?: Date): Promise<DataGrant[]>;
  /**
   * The launch's hot path: the highest access per source that any of `subjects`
   * (lower-case user and group refs) holds at `at`, in one indexed query.
   */
  resolveGrants(subjects: string[], at: Date): Promise<ResolvedGrant[]>;
  /** Every grant not ended, expired or not (the benchmark's baseline). */
  listAllActiveGrants(): Promise<DataGrant[]>;
  /** Ends every open grant whose expiry is at or before `now` (endedAt = expiresAt). */
  endExpiredGrants(now: Date): Promise<DataGrant[]>;

  createRequest(request: AccessRequest): Promise<AccessRequest>;
  getRequest(id: string): Promise<AccessRequest | undefined>;
  /** The open (pending or owner-approved) request of a person for a source, if any. */
  findOpenRequest(source: string, requester: string): Promise<AccessRequest | undefined>;
  listRequests(query: RequestQuery): Promise<AccessRequest[]>;
  /** Moves a request on; undefined when its status was no longer `from` (a race lost). */
  transitionRequest(id: string, transition: RequestTransition): Promise<AccessRequest | undefined>;

  recordLaunch(record: DataLaunchRecord): Promise<void>;
  /** The workspace's most recent launch record, ended or not. */
  lastLaunchOf(workspaceId: string): Promise<DataLaunchRecord | undefined>;
  /** Ends the workspace's open launch records; how many were open. */
  endLaunches(workspaceId: string, at: string): Promise<number>;
  listOpenLaunches(): Promise<DataLaunchRecord[]>;

  /** Replaces the revocation task's findings with `items`. */
  replaceHeld(items: HeldWithoutAccess[]): Promise<void>;
  listHeld(): Promise<HeldWithoutAccess[]>;
}
