import type {
  AccessLevel,
  AccessRequest,
  AccessRequestStatus,
  DataGrant,
  DataLaunchRecord,
  HeldWithoutAccess,
} from '@internal/plugin-data-access-common';

/** Table rows of the data-access store and their mapping to the API's types. */

export const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

export type GrantRow = {
  id: string;
  source: string;
  subject: string;
  access: AccessLevel;
  expires_at: string | null;
  granted_by: string;
  granted_at: string;
  ended_at: string | null;
  ended_by: string | null;
  end_reason: string | null;
  request_id: string | null;
};

export const toGrant = (r: GrantRow): DataGrant => ({
  id: r.id,
  source: r.source,
  subject: r.subject,
  access: r.access,
  expiresAt: r.expires_at,
  grantedBy: r.granted_by,
  grantedAt: r.granted_at,
  endedAt: r.ended_at,
  endedBy: r.ended_by,
  endReason: r.end_reason,
  requestId: r.request_id,
});

export type RequestRow = {
  id: string;
  source: string;
  requester: string;
  for_group: string | null;
  access: AccessLevel;
  reason: string;
  expires_at: string | null;
  status: AccessRequestStatus;
  created_at: string;
  updated_at: string;
  decisions: string;
  grant_id: string | null;
};

export const toRequest = (r: RequestRow): AccessRequest => ({
  id: r.id,
  source: r.source,
  requester: r.requester,
  forGroup: r.for_group,
  access: r.access,
  reason: r.reason,
  expiresAt: r.expires_at,
  status: r.status,
  createdAt: r.created_at,
  decisions: JSON.parse(r.decisions),
  grantId: r.grant_id,
});

export const requestRow = (r: AccessRequest): RequestRow => ({
  id: r.id,
  source: lower(r.source),
  requester: lower(r.requester),
  for_group: r.forGroup && lower(r.forGroup),
  access: r.access,
  reason: r.reason,
  expires_at: r.expiresAt,
  status: r.status,
  created_at: r.createdAt,
  updated_at: r.createdAt,
  decisions: JSON.stringify(r.decisions),
  grant_id: r.grantId,
});

export type LaunchRow = {
  id: string;
  workspace_id: string;
  user: string;
  sources: string;
  launched_at: string;
  ended_at: string | null;
};

export const toLaunch = (r: LaunchRow): DataLaunchRecord => ({
  id: r.id,
  workspaceId: r.workspace_id,
  user: r.user,
  sources: JSON.parse(r.sources),
  launchedAt: r.launched_at,
  endedAt: r.ended_at,
});

export type HeldRow = {
  workspace_id: string;
  source: string;
  user: string;
  source_name: string;
  launched_at: string;
  reason: string;
  action: HeldWithoutAccess['action'];
};

export const toHeld = (r: HeldRow): HeldWithoutAccess => ({
  workspaceId: r.workspace_id,
  user: r.user,
  source: r.source,
  sourceName: r.source_name,
  launchedAt: r.launched_at,
  reason: r.reason,
  action: r.action,
});

export const heldRow = (h: HeldWithoutAccess): HeldRow => ({
  workspace_id: h.workspaceId,
  source: h.source,
  user: h.user,
  source_name: h.sourceName,
  launched_at: h.launchedAt,
  reason: h.reason,
  action: h.action,
});
