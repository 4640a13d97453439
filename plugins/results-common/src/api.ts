import type { NotebookDiff } from './notebookDiff';
import type {
  Notebook,
  Result,
  ResultComment,
  ResultReview,
  ResultVersion,
  ResultVisibility,
  ReviewDecision,
  ReviewState,
  WorkspaceNotebook,
} from './types';

/*
 * The results backend's HTTP API, mounted at `<discovery.getBaseUrl('results')>`
 * (`/api/results`). Every route needs a signed-in person; errors are Backstage's JSON
 * error body (`{ error: { name, message } }`) with a 4xx status.
 *
 *   GET    /workspaces/:workspaceId/notebooks         -> ListWorkspaceNotebooksResponse
 *          notebooks (*.ipynb) in one's own RUNNING workspace; 409 when it is stopped
 *   POST   /results/publish              PublishRequest -> PublishResponse
 *          201 with a new version; 200 with the existing version when the content is
 *          the same as the latest (no empty version); 400 not nbformat; 404 the file is
 *          gone; 409 workspace stopped ("start it first"); 413 over results.maxNotebookBytes
 *   GET    /results?project=&author=&team=&limit=&offset= -> ListResultsResponse
 *          &sort=&order=&q=&titleContains=&authorContains=&projectContains=
 *          &visibility=team,named&reviewState=requested
 *          only results the caller may see, filtered and sorted in SQL (updatedAt desc)
 *   GET    /results/:id                               -> Result
 *   DELETE /results/:id                               -> 204 (author, or admin)
 *   GET    /results/:id/versions                      -> ListVersionsResponse (newest first)
 *   GET    /results/:id/versions/:version/notebook    -> Notebook (nbformat JSON)
 *   GET    /results/:id/diff?from=1&to=2              -> NotebookDiff (cell by cell)
 *   PUT    /results/:id/visibility      SetVisibilityRequest -> Result (author)
 *          people newly shared with are notified
 *   GET    /results/:id/comments?version=             -> ListCommentsResponse
 *   POST   /results/:id/versions/:version/comments  AddCommentRequest -> ResultComment (201)
 *          the author is notified
 *   GET    /results/:id/reviews                       -> ListReviewsResponse
 *   POST   /results/:id/reviews       RequestReviewRequest -> ResultReview (201, author)
 *          the reviewer is notified
 *   POST   /results/:id/reviews/:reviewId/decision  DecideReviewRequest -> ResultReview
 *          the named reviewer only; the author is notified
 *   GET    /search-documents?after=&limit=            -> SearchDocumentsPage
 *          the search plugin only: every result as a search document (search.ts)
 *   POST   /results/:id/versions/:version/reproduce   -> ReproduceResponse (201)
 *          body { name? }: launches a workspace of the caller with the version's
 *          environment, profile, options and code commit; once it runs, the client
 *          copies the version's notebook into it with the route below
 *   POST   /results/:id/versions/:version/copy-to-workspace  CopyToWorkspaceRequest
 *          -> CopyToWorkspaceResponse: the version's notebook written into one's own
 *          RUNNING workspace at `results/<title>-v<n>.ipynb` (a numbered copy when
 *          taken; nothing is overwritten); 409 when the workspace is not running
 */

export interface ListWorkspaceNotebooksResponse {
  items: WorkspaceNotebook[];
}

export interface PublishRequest {
  workspaceId: string;
  /** Path of the notebook in the workspace, as listed. */
  path: string;
  /** A new version of this result (one's own); omitted: a new result. */
  resultId?: string;
  /** Title of a new result (defaults to the notebook's file name). */
  title?: string;
  /** What changed; the commit message. */
  message: string;
  /** The data-science project (catalog entity ref) a new result belongs to; defaults to the workspace's project. */
  projectRef?: string;
  /** Visibility of a new result; defaults to `private`. */
  visibility?: ResultVisibility;
  sharedWith?: string[];
}

export interface PublishResponse {
  result: Result;
  version: ResultVersion;
  /** false when the content equals the latest version (then `version` is that one). */
  created: boolean;
}

/** The most results one `GET /results` answers (its `limit`). @public */
export const RESULTS_LIST_MAX_LIMIT = 200;

export interface ListResultsQuery {
  /** Only results of this project (entity ref). */
  project?: string;
  /** Only results by this author (user ref). */
  author?: string;
  /** Only results whose project's owning team is this group ref. */
  team?: string;
  limit?: number;
  offset?: number;
  /** The column the list is sorted by; default `updatedAt`. */
  sort?: ResultSortField;
  /** Default `desc`; ties are broken by id. */
  order?: 'asc' | 'desc';
  /** Case-insensitive text in the title (the table's search box). */
  q?: string;
  /** Case-insensitive text in the title (the title column's filter). */
  titleContains?: string;
  /** Case-insensitive text in the author's ref. */
  authorContains?: string;
  /** Case-insensitive text in the project's ref. */
  projectContains?: string;
  /** Only results with one of these visibilities. */
  visibility?: ResultVisibility[];
  /** Only results in one of these review states. */
  reviewState?: ReviewState[];
}

/** The columns `GET /results` sorts by (`sort=`). @public */
export const RESULT_SORT_FIELDS = [
  'title',
  'updatedAt',
  'latestVersion',
  'visibility',
  'reviewState',
  'author',
  'project',
] as const;
export type ResultSortField = (typeof RESULT_SORT_FIELDS)[number];

/** The longest text filter `GET /results` takes. @public */
export const RESULTS_TEXT_FILTER_MAX = 100;

export interface ListResultsResponse {
  items: Result[];
  totalCount: number;
}

export interface ListVersionsResponse {
  items: ResultVersion[];
}

export type NotebookResponse = Notebook;

export type DiffResponse = NotebookDiff;

export interface SetVisibilityRequest {
  visibility: ResultVisibility;
  /** For `named`: user and group entity refs. */
  sharedWith?: string[];
}

export interface ListCommentsResponse {
  items: ResultComment[];
}

export interface AddCommentRequest {
  body: string;
  cellId?: string;
}

export interface ListReviewsResponse {
  items: ResultReview[];
}

export interface RequestReviewRequest {
  /** The reviewer's user ref. */
  reviewerRef: string;
  /** Defaults to the latest version. */
  version?: number;
  message?: string;
}

export interface DecideReviewRequest {
  decision: ReviewDecision;
  note?: string;
}

export interface ReproduceResponse {
  /** The launched workspace's id and name in workspaces-backend. */
  workspaceId: string;
  workspaceName: string;
}

export interface CopyToWorkspaceRequest {
  /** One's own running workspace. */
  workspaceId: string;
}

export interface CopyToWorkspaceResponse {
  workspaceId: string;
  /** Where the notebook was written, relative to the workspace's home. */
  path: string;
}
