import { parseEntityRef } from '@backstage/catalog-model';
import type {
  ResultVisibility,
  ReviewState,
} from '@internal/plugin-results-common';

/** `user:default/ada` -> `ada`; anything unparsable as it is. */
export function shortRef(ref: string | null | undefined): string {
  if (!ref) return '';
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

/** The catalog page of an entity ref. */
export function entityPath(ref: string): string {
  const { kind, namespace, name } = parseEntityRef(ref);
  return `/catalog/${namespace}/${kind.toLocaleLowerCase('en-US')}/${name}`;
}

/** A timestamp as people read it, in UTC so every reader sees the same. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const VISIBILITY_LABELS: Record<ResultVisibility, string> = {
  private: 'Private (only me)',
  team: "The project's team",
  named: 'Named people and groups',
  everyone: 'Everyone signed in',
};

export const REVIEW_LABELS: Record<ReviewState, string> = {
  none: 'Not reviewed',
  requested: 'Review requested',
  approved: 'Approved',
  'changes-requested': 'Changes requested',
};

/**
 * A cell's id as comments name it: its nbformat id, or `index:<n>` for notebooks
 * without ids (nbformat < 4.5), as the backend expects.
 */
export function cellKey(cell: { id?: unknown }, index: number): string {
  return typeof cell.id === 'string' && cell.id ? cell.id : `index:${index}`;
}
