import type { AuditEventFilter } from '../api';

/** The filter form as typed: every field a string, empty for "any". */
export interface AuditFilterForm {
  plugin: string;
  eventId: string;
  actor: string;
  status: string;
  /** `YYYY-MM-DD` from a date input, a local day. */
  from: string;
  /** `YYYY-MM-DD`, a local day, included. */
  to: string;
  search: string;
}

export const emptyForm: AuditFilterForm = {
  plugin: '',
  eventId: '',
  actor: '',
  status: '',
  from: '',
  to: '',
  search: '',
};

/** The start of a local day (`2026-11-01` from a date input) as an ISO time. */
export function startOfLocalDay(day: string, addDays = 0): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const [, y, m, d] = match.map(Number);
  const date = new Date(y, m - 1, d + addDays);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * A bare name means a user, as elsewhere in Backstage: `ada` -> `user:default/ada`,
 * `team-a/ada` -> `user:team-a/ada`. The backend matches actors exactly.
 */
export function actorRef(text: string): string {
  const actor = text.trim();
  if (!actor || actor.includes(':')) return actor;
  return actor.includes('/') ? `user:${actor}` : `user:default/${actor}`;
}

/** The API filter of a form: days become the local day's bounds, "to" included. */
export function toFilter(form: AuditFilterForm): AuditEventFilter {
  const filter: AuditEventFilter = {};
  if (form.plugin) filter.plugin = form.plugin;
  if (form.eventId.trim()) filter.eventId = form.eventId.trim();
  if (form.actor.trim()) filter.actor = actorRef(form.actor);
  if (form.status === 'succeeded' || form.status === 'failed') {
    filter.status = form.status;
  }
  const from = startOfLocalDay(form.from);
  if (from) filter.from = from;
  const to = startOfLocalDay(form.to, 1);
  if (to) filter.to = to;
  if (form.search.trim()) filter.search = form.search.trim();
  return filter;
}

/** `2026-11-29T10:00:00.000Z` -> the local date and time, in the viewer's locale. */
export function formatLocalTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
