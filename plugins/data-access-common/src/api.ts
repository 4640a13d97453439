import type { AccessLevel, AccessRequest, DataGrant } from './types';
import type { DataSource } from './dataSource';

/*
 * The data-access backend's routes (under `/api/data-access`), for the frontend client
 * and the route tests. Errors are Backstage's JSON error bodies (`error.message` says
 * what to do).
 *
 * | route | who | answers |
 * |---|---|---|
 * | `GET /matrix?sensitivity=&type=&q=` | everyone signed in | AccessMatrix |
 * | `GET /sources/:namespace/:name` | everyone signed in | DataSourceDetails |
 * | `POST /grants` (GrantBody) | source owner, admin | DataGrant (201) |
 * | `PATCH /grants/:id` (GrantPatch) | source owner, admin | DataGrant |
 * | `POST /grants/:id/end` ({ reason? }) | source owner, admin | DataGrant |
 * | `GET /requests?scope=mine\|to-decide&status=` | everyone signed in | { items: AccessRequest[] } |
 * | `POST /requests` (AccessRequestBody) | everyone signed in | AccessRequest (201) |
 * | `POST /requests/:id/decision` (DecisionBody) | owner, admin (restricted: admin too) | AccessRequest |
 * | `POST /requests/:id/withdraw` | the requester | AccessRequest |
 * | `GET /who-could-access?source=&at=` | admin | WhoCouldAccess |
 * | `GET /held-without-access` | admin | { items: HeldWithoutAccess[] } |
 * | `POST /launches/preview`, `POST /launches`, `POST /launches/:workspaceId/end` | workspaces plugin only | see plugin-data-access-node |
 */

/** @public */
export interface GrantBody {
  /** Entity ref of the data source. */
  source: string;
  /** `group:…` or `user:…` ref; must exist in the catalog. */
  subject: string;
  access: AccessLevel;
  /** ISO date or time in the future; absent: until ended. */
  expiresAt?: string;
}

/** @public */
export interface GrantPatch {
  access?: AccessLevel;
  /** null removes the expiry. */
  expiresAt?: string | null;
}

/** @public */
export interface AccessRequestBody {
  source: string;
  access: AccessLevel;
  /** Why the access is needed (1-2000 characters): the approver reads it. */
  reason: string;
  expiresAt?: string;
  /** Ask for one of one's own groups instead of oneself. */
  forGroup?: string;
}

/** @public */
export interface DecisionBody {
  decision: 'approve' | 'refuse';
  comment?: string;
}

/** One data source's page. @public */
export interface DataSourceDetails {
  source: DataSource;
  /** Current grants (implicit ones included). */
  grants: DataGrant[];
  /** Ended and expired grants, newest first (managers and admins only; else empty). */
  pastGrants: DataGrant[];
  myAccess: AccessLevel | null;
  canManage: boolean;
  /** Managers: the source's open requests; others: their own requests for it. */
  requests: AccessRequest[];
}

/** "Who could read X on date D": the grants in force then and the people they reached. @public */
export interface WhoCouldAccess {
  source: string;
  at: string;
  grants: DataGrant[];
  /**
   * People reached through those grants, from the catalog's memberships as they are now
   * and the audit log's group changes where recorded; `via` is the grant's subject.
   */
  people: Array<{ user: string; access: AccessLevel; via: string }>;
}
