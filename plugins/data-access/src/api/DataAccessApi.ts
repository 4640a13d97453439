import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  AccessMatrix,
  AccessRequest,
  AccessRequestBody,
  AccessRequestStatus,
  DataGrant,
  DataSourceDetails,
  DataSourceType,
  DecisionBody,
  GrantBody,
  GrantPatch,
  HeldWithoutAccess,
  Sensitivity,
  WhoCouldAccess,
} from '@internal/plugin-data-access-common';

/** @public */
export interface AccessMatrixQuery {
  sensitivity?: Sensitivity;
  type?: DataSourceType;
  /** Words of the source's name, title, description or owner. */
  q?: string;
}

/** @public */
export interface RequestsQuery {
  /** `mine`: one's own requests; `to-decide`: those one may approve or refuse. */
  scope: 'mine' | 'to-decide';
  status?: AccessRequestStatus;
}

/**
 * The data-access backend, one method per route (the routes table is in the common
 * package's `api.ts`). Every method throws a ResponseError carrying the backend's
 * message, which says what to do, on a 4xx/5xx.
 *
 * @public
 */
export interface DataAccessApi {
  getMatrix(query?: AccessMatrixQuery): Promise<AccessMatrix>;
  /** `sourceRef`: `resource:default/clinical-trials-2026`. */
  getSource(sourceRef: string): Promise<DataSourceDetails>;
  grant(body: GrantBody): Promise<DataGrant>;
  changeGrant(grantId: string, patch: GrantPatch): Promise<DataGrant>;
  endGrant(grantId: string, reason?: string): Promise<DataGrant>;
  listRequests(query: RequestsQuery): Promise<AccessRequest[]>;
  requestAccess(body: AccessRequestBody): Promise<AccessRequest>;
  decide(requestId: string, body: DecisionBody): Promise<AccessRequest>;
  withdraw(requestId: string): Promise<AccessRequest>;
  /** `at`: an ISO date or time. Admins only. */
  whoCouldAccess(sourceRef: string, at: string): Promise<WhoCouldAccess>;
  /** Admins only. */
  heldWithoutAccess(): Promise<HeldWithoutAccess[]>;
}

/** @public */
export const dataAccessApiRef = createApiRef<DataAccessApi>({
  id: 'plugin.data-access',
});
