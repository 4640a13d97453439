import type { DataSource, Sensitivity } from './dataSource';

/** Read, or read and write. @public */
export const ACCESS_LEVELS = ['read', 'read-write'] as const;
/** @public */
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/**
 * Access to one data source held by a group (or, as an exception, a person). A grant is
 * never deleted: ending it sets `endedAt`, so the history answers "who could read X on
 * date D".
 * @public
 */
export interface DataGrant {
  id: string;
  /** Entity ref of the data source, lower case. */
  source: string;
  /** `group:default/team-vision` or `user:default/ada`, lower case. */
  subject: string;
  access: AccessLevel;
  /** ISO time after which the grant no longer applies; none: until ended. */
  expiresAt: string | null;
  grantedBy: string;
  grantedAt: string;
  /** Set when ended by a person (`endedBy`) or found expired by the revocation task. */
  endedAt: string | null;
  endedBy: string | null;
  endReason: string | null;
  /** The access request it came from, if any. */
  requestId: string | null;
  /**
   * Implicit grants are not stored: a Nebari group's own shared folder is read-write
   * for that group. They are listed with `implicit: true` and cannot be ended.
   */
  implicit?: boolean;
}

/** @public */
export const ACCESS_REQUEST_STATUSES = [
  'pending',
  /** A restricted source approved by its owner, waiting for an admin. */
  'owner-approved',
  'approved',
  'refused',
  'withdrawn',
] as const;
/** @public */
export type AccessRequestStatus = (typeof ACCESS_REQUEST_STATUSES)[number];

/** A person's request for access to a data source. @public */
export interface AccessRequest {
  id: string;
  source: string;
  /** Who asked (a user ref); the grant goes to them, or to `forGroup` when set. */
  requester: string;
  /** Optional: ask for one's group rather than oneself (must be one of theirs). */
  forGroup: string | null;
  access: AccessLevel;
  reason: string;
  /** Wanted end of the access, if any. */
  expiresAt: string | null;
  status: AccessRequestStatus;
  createdAt: string;
  /** Each decision in order: owner's, then an admin's for a restricted source. */
  decisions: Array<{
    by: string;
    at: string;
    decision: 'approve' | 'refuse';
    /** 'owner' or 'admin': whose approval it counted as. */
    as: 'owner' | 'admin';
    comment: string | null;
  }>;
  /** The grant made when approved. */
  grantId: string | null;
}

/** One row of the Access page: a data source and its current grants. @public */
export interface AccessMatrixRow {
  source: DataSource;
  grants: DataGrant[];
  /** Whether the caller may manage this source's grants (owner or admin). */
  canManage: boolean;
  /** The caller's own access through their groups or themselves, if any. */
  myAccess: AccessLevel | null;
}

/** What the Access page lists. @public */
export interface AccessMatrix {
  rows: AccessMatrixRow[];
  /** Every group that holds a grant among the rows, sorted: the matrix's columns. */
  subjects: string[];
}

/**
 * One data source as a workspace receives it at launch: everything KubeSpawner needs
 * to mount it or to reach it, and nothing secret (a Secret is named, not read).
 * @public
 */
export interface LaunchDataSource {
  ref: string;
  name: string;
  type: DataSource['type'];
  access: AccessLevel;
  sensitivity: Sensitivity;
  /** Recorded with the launch; a reproduction gets this one again. */
  snapshot?: string;
  /** shared-folder: a Pod volume (`atrium-data-<name>`, hashed past 63 characters) and its mount. */
  volume?: Record<string, unknown>;
  mountPath?: string;
  subPath?: string;
  /** Plain environment variables (bucket name and endpoint, database host and name). */
  env?: Record<string, string>;
  /** Secrets whose keys become environment variables (`envFrom`). */
  secretNames?: string[];
}

/**
 * The `atrium_data` entry of the spawn request's user_options. The hub-side hook
 * (dev/jupyterhub/atrium_data_access.py) applies it only if `signature` is the HMAC-SHA256
 * (hex) of `payload` under the key shared by the portal and the hub, and `payload`
 * names the user and server being spawned and has not expired: user_options come from
 * whoever calls the hub's API, so an unsigned or foreign list is refused.
 * @public
 */
export interface SignedLaunchData {
  /** JSON of LaunchDataPayload, exactly as signed. */
  payload: string;
  signature: string;
}

/** @public */
export interface LaunchDataPayload {
  v: 1;
  /** Hub user name and server (workspace) name the payload is for. */
  user: string;
  server: string;
  /** ISO time after which the hook refuses it (the portal signs it at the start). */
  expiresAt: string;
  sources: LaunchDataSource[];
}

/** What a launch of a person would receive, for the launch dialog. @public */
export interface LaunchDataPreview {
  sources: LaunchDataSource[];
  /** Data a reproduction's original had that this person no longer may use. */
  withheld: Array<{ ref: string; name: string; reason: string }>;
}

/** A launch that received data, as recorded for reproducibility and audit. @public */
export interface DataLaunchRecord {
  id: string;
  workspaceId: string;
  user: string;
  sources: Array<Pick<LaunchDataSource, 'ref' | 'access' | 'snapshot'>>;
  launchedAt: string;
  /** When the workspace stopped holding the data (stopped, culled, failed). */
  endedAt: string | null;
}

/**
 * A running workspace that holds data its owner may no longer use (grant ended or
 * expired, or they left the group). @public
 */
export interface HeldWithoutAccess {
  workspaceId: string;
  user: string;
  source: string;
  sourceName: string;
  launchedAt: string;
  /** "access to clinical-trials-2026 ended": the reason the owner sees when stopped. */
  reason: string;
  /** 'listed' or 'stopped', by the revocation policy. */
  action: 'listed' | 'stopped';
}

/** What `dataAccess.revocation.policy` may say. @public */
export const REVOCATION_POLICIES = ['list', 'stop'] as const;
/** @public */
export type RevocationPolicy = (typeof REVOCATION_POLICIES)[number];
