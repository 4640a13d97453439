import type {
  ResultReview,
  ResultVersion,
  ResultVisibility,
  ReviewState,
} from '@internal/plugin-results-common';
import type { StoredVersion } from './ResultsStore';

/** Table rows of the results store and their mapping to the API's types. */

export const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

export type ResultRow = {
  id: string;
  title: string;
  project_ref: string | null;
  owner_team_ref: string | null;
  author_ref: string;
  visibility: ResultVisibility;
  notebook_path: string;
  repository: string;
  latest_version: number;
  review_state: ReviewState;
  created_at: string;
  updated_at: string;
};

export type VersionRow = {
  result_id: string;
  version: number;
  message: string;
  author_ref: string;
  created_at: string;
  commit: string;
  content_hash: string;
  size_bytes: number | string;
  cell_count: number;
  source_path: string;
  provenance: string;
  summary?: string;
};

export function toVersion(row: VersionRow): ResultVersion {
  return {
    resultId: row.result_id,
    version: Number(row.version),
    message: row.message,
    authorRef: row.author_ref,
    createdAt: row.created_at,
    commit: row.commit,
    contentHash: row.content_hash,
    sizeBytes: Number(row.size_bytes),
    cellCount: Number(row.cell_count),
    sourcePath: row.source_path,
    provenance: JSON.parse(row.provenance),
  };
}

export function versionRow(v: StoredVersion): VersionRow {
  return {
    result_id: v.resultId,
    version: v.version,
    message: v.message,
    author_ref: lower(v.authorRef),
    created_at: v.createdAt,
    commit: v.commit,
    content_hash: v.contentHash,
    size_bytes: v.sizeBytes,
    cell_count: v.cellCount,
    source_path: v.sourcePath,
    provenance: JSON.stringify(v.provenance),
    summary: JSON.stringify(v.summary),
  };
}

export type ReviewRow = {
  id: string;
  result_id: string;
  version: number;
  requested_by: string;
  reviewer_ref: string;
  message: string;
  state: ResultReview['state'];
  note: string | null;
  created_at: string;
  decided_at: string | null;
};

export const toReview = (r: ReviewRow): ResultReview => ({
  id: r.id,
  resultId: r.result_id,
  version: Number(r.version),
  requestedBy: r.requested_by,
  reviewerRef: r.reviewer_ref,
  message: r.message,
  state: r.state,
  note: r.note,
  createdAt: r.created_at,
  decidedAt: r.decided_at,
});

