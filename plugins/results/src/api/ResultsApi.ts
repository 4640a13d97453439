import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  AddCommentRequest,
  DecideReviewRequest,
  ListResultsQuery,
  ListResultsResponse,
  Notebook,
  NotebookDiff,
  PublishRequest,
  PublishResponse,
  CopyToWorkspaceResponse,
  ReproduceResponse,
  RequestReviewRequest,
  Result,
  ResultComment,
  ResultReview,
  ResultVersion,
  SetVisibilityRequest,
  WorkspaceNotebook,
} from '@internal/plugin-results-common';

/**
 * The results backend, one method per route (see the API contract in the common
 * package's `api.ts`). Every method throws a ResponseError with the backend's message
 * on a 4xx/5xx.
 *
 * @public
 */
export interface ResultsApi {
  listWorkspaceNotebooks(workspaceId: string): Promise<WorkspaceNotebook[]>;
  publish(request: PublishRequest): Promise<PublishResponse>;
  listResults(query?: ListResultsQuery): Promise<ListResultsResponse>;
  getResult(id: string): Promise<Result>;
  deleteResult(id: string): Promise<void>;
  listVersions(id: string): Promise<ResultVersion[]>;
  getNotebook(id: string, version: number): Promise<Notebook>;
  getDiff(id: string, from: number, to: number): Promise<NotebookDiff>;
  setVisibility(id: string, request: SetVisibilityRequest): Promise<Result>;
  listComments(id: string, version?: number): Promise<ResultComment[]>;
  addComment(
    id: string,
    version: number,
    request: AddCommentRequest,
  ): Promise<ResultComment>;
  listReviews(id: string): Promise<ResultReview[]>;
  requestReview(
    id: string,
    request: RequestReviewRequest,
  ): Promise<ResultReview>;
  decideReview(
    id: string,
    reviewId: string,
    request: DecideReviewRequest,
  ): Promise<ResultReview>;
  reproduce(id: string, version: number): Promise<ReproduceResponse>;
  /** Writes a version's notebook into one's own running workspace (never overwriting). */
  copyToWorkspace(
    id: string,
    version: number,
    workspaceId: string,
  ): Promise<CopyToWorkspaceResponse>;
}

/** @public */
export const resultsApiRef = createApiRef<ResultsApi>({ id: 'plugin.results' });
