import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import type {
  NotebookSummary,
  Result,
  ResultComment,
  ResultReview,
  ResultVersion,
  ResultSortField,
  ResultVisibility,
  ReviewDecision,
  ReviewState,
} from '@internal/plugin-results-common';

/**
 * What the permission rules translate to for the store (their `toQuery`): the store
 * turns a criteria tree of these into SQL, so lists are filtered by the database.
 * Claims are lower-case entity refs (the caller and their groups).
 */
export type ResultsQuery =
  | { kind: 'visible'; claims: string[] }
  | { kind: 'author'; claims: string[] };

export type ResultsFilter = PermissionCriteria<ResultsQuery>;

export interface NewResult {
  id: string;
  title: string;
  projectRef: string | null;
  ownerTeamRef: string | null;
  authorRef: string;
  visibility: ResultVisibility;
  sharedWith: string[];
  notebookPath: string;
  repository: string;
  createdAt: string;
}

/** A version as stored: with the summary the diff reads. */
export type StoredVersion = ResultVersion & { summary: NotebookSummary };

export interface ListResultsOptions {
  /** The caller's permission conditions; undefined: no filter (ALLOW). */
  filter?: ResultsFilter;
  project?: string;
  author?: string;
  team?: string;
  visibility?: ResultVisibility[];
  reviewState?: ReviewState[];
  /** Case-insensitive text in the title, the author's ref, the project's ref. */
  titleContains?: string;
  authorContains?: string;
  projectContains?: string;
  /** Case-insensitive text in the title (the table's search box). */
  search?: string;
  /** Default: updatedAt desc. */
  sort?: ResultSortField;
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** A result with what search indexes of its latest version. */
export interface SearchableResult {
  result: Result;
  latestMessage: string;
  latestSummary: NotebookSummary;
}

export interface ResultsStore {
  /** A new result with its first version, in one transaction. */
  createResult(result: NewResult, version: StoredVersion): Promise<Result>;
  /**
   * Adds the next version; refuses (returns undefined) when another publish took that
   * number first, so two concurrent publishes cannot both be version n.
   */
  addVersion(version: StoredVersion): Promise<Result | undefined>;
  getResult(id: string): Promise<Result | undefined>;
  getResults(ids: string[]): Promise<Array<Result | undefined>>;
  listResults(
    options: ListResultsOptions,
  ): Promise<{ items: Result[]; totalCount: number }>;
  /** Every result in id order after `after` (search collation; no permission filter). */
  listSearchable(options: { after?: string; limit: number }): Promise<SearchableResult[]>;
  deleteResult(id: string): Promise<boolean>;
  listVersions(resultId: string): Promise<ResultVersion[]>;
  getVersion(
    resultId: string,
    version: number,
  ): Promise<StoredVersion | undefined>;
  setVisibility(
    id: string,
    visibility: ResultVisibility,
    sharedWith: string[],
    updatedAt: string,
  ): Promise<Result | undefined>;
  addComment(comment: ResultComment): Promise<void>;
  listComments(resultId: string, version?: number): Promise<ResultComment[]>;
  addReview(review: ResultReview): Promise<void>;
  getReview(resultId: string, id: string): Promise<ResultReview | undefined>;
  /** Decides a requested review; undefined when it was already decided. */
  decideReview(
    resultId: string,
    id: string,
    decision: ReviewDecision,
    note: string | null,
    decidedAt: string,
  ): Promise<ResultReview | undefined>;
  listReviews(resultId: string): Promise<ResultReview[]>;
}
