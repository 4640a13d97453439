import Chip from '@material-ui/core/Chip';
import { parseEntityRef } from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import type {
  AccessLevel,
  AccessRequest,
  DataGrant,
  DataSourceType,
  Sensitivity,
} from '@internal/plugin-data-access-common';

export const TYPE_LABELS: Record<DataSourceType, string> = {
  'shared-folder': 'Shared folder',
  'object-store-bucket': 'Object-store bucket',
  database: 'Database',
};

export const ACCESS_LABELS: Record<AccessLevel, string> = {
  read: 'Read',
  'read-write': 'Read-write',
};

/** "Read", "Read-write", or "—" for none. */
export function accessText(access: AccessLevel | null | undefined): string {
  return access ? ACCESS_LABELS[access] : '—';
}

/** `group:default/team-vision` -> "team-vision"; `user:default/ada` -> "user:ada". */
export function subjectName(ref: string): string {
  return humanizeEntityRef(parseEntityRef(ref), { defaultKind: 'group' });
}

/** `resource:default/clinical-trials-2026` -> "clinical-trials-2026". */
export function sourceName(ref: string): string {
  return parseEntityRef(ref).name;
}

/** The day of an ISO time, as written in the date fields (2027-01-31). */
export function day(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '';
}

const DAY_MS = 86_400_000;

/**
 * The last day of access of an expiry. An expiry given as a day ("through 2027-01-31")
 * is stored as the next midnight UTC, so such an instant shows as the day before; any
 * other instant as its own day. Also what the date fields start from, so saving a grant
 * unchanged keeps its expiry.
 */
export function lastDay(expiresAt: string | null | undefined): string {
  if (!expiresAt) return '';
  const time = Date.parse(expiresAt);
  const atMidnight = time % DAY_MS === 0;
  return new Date(atMidnight ? time - DAY_MS : time).toISOString().slice(0, 10);
}

/** "Read-write through 2027-01-31", or just the access. */
export function grantText(grant: DataGrant): string {
  const through = grant.expiresAt ? ` through ${lastDay(grant.expiresAt)}` : '';
  return `${ACCESS_LABELS[grant.access]}${through}`;
}

/**
 * The most sensitive levels stand out (filled); the others are outlined. The label says
 * the level, so colour is never the only cue.
 */
export function SensitivityChip(props: { sensitivity: Sensitivity }) {
  const { sensitivity } = props;
  const strong = sensitivity === 'restricted' || sensitivity === 'confidential';
  return (
    <Chip
      size="small"
      label={sensitivity}
      variant={strong ? 'default' : 'outlined'}
      color={sensitivity === 'restricted' ? 'secondary' : 'default'}
    />
  );
}

/** A request's status in words, the restricted sources' two steps included. */
export function requestStatusText(request: AccessRequest): string {
  switch (request.status) {
    case 'pending':
      return 'Pending';
    case 'owner-approved':
      return "Approved by the owner; waiting for an admin's approval";
    case 'approved':
      return 'Approved';
    case 'refused': {
      const refusal = request.decisions.find(d => d.decision === 'refuse');
      return refusal?.comment ? `Refused: ${refusal.comment}` : 'Refused';
    }
    case 'withdrawn':
      return 'Withdrawn';
    default:
      return request.status;
  }
}

/** Whether a request still waits for a decision. */
export const isOpen = (request: AccessRequest) =>
  request.status === 'pending' || request.status === 'owner-approved';
