import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { PluginFetcher, queryString } from '@internal/frontend-kit';
import type {
  AddCommentRequest,
  DecideReviewRequest,
  ListCommentsResponse,
  ListResultsQuery,
  ListResultsResponse,
  ListReviewsResponse,
  ListVersionsResponse,
  ListWorkspaceNotebooksResponse,
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
import type { ResultsApi } from './ResultsApi';

const enc = encodeURIComponent;


/** @public */
export class ResultsClient implements ResultsApi {
  private readonly fetcher: PluginFetcher;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.fetcher = new PluginFetcher('results', options);
  }

  async listWorkspaceNotebooks(
    workspaceId: string,
  ): Promise<WorkspaceNotebook[]> {
    const res = await this.fetcher.json<ListWorkspaceNotebooksResponse>(
      `/workspaces/${enc(workspaceId)}/notebooks`,
    );
    return res.items;
  }

  publish(request: PublishRequest): Promise<PublishResponse> {
    return this.fetcher.json('/results/publish', { method: 'POST', body: request });
  }

  listResults(query: ListResultsQuery = {}): Promise<ListResultsResponse> {
    return this.fetcher.json(
      `/results${queryString([
        ['project', query.project],
        ['author', query.author],
        ['team', query.team],
        ['limit', query.limit],
        ['offset', query.offset],
        ['sort', query.sort],
        ['order', query.order],
        ['q', query.q],
        ['titleContains', query.titleContains],
        ['authorContains', query.authorContains],
        ['projectContains', query.projectContains],
        ['visibility', query.visibility?.join(',')],
        ['reviewState', query.reviewState?.join(',')],
      ])}`,
    );
  }

  getResult(id: string): Promise<Result> {
    return this.fetcher.json(`/results/${enc(id)}`);
  }

  async deleteResult(id: string): Promise<void> {
    await this.fetcher.request(`/results/${enc(id)}`, { method: 'DELETE' });
  }

  async listVersions(id: string): Promise<ResultVersion[]> {
    return (
      await this.fetcher.json<ListVersionsResponse>(`/results/${enc(id)}/versions`)
    ).items;
  }

  getNotebook(id: string, version: number): Promise<Notebook> {
    return this.fetcher.json(`/results/${enc(id)}/versions/${version}/notebook`);
  }

  getDiff(id: string, from: number, to: number): Promise<NotebookDiff> {
    return this.fetcher.json(
      `/results/${enc(id)}/diff${queryString([
        ['from', from],
        ['to', to],
      ])}`,
    );
  }

  setVisibility(id: string, request: SetVisibilityRequest): Promise<Result> {
    return this.fetcher.json(`/results/${enc(id)}/visibility`, {
      method: 'PUT',
      body: request,
    });
  }

  async listComments(id: string, version?: number): Promise<ResultComment[]> {
    return (
      await this.fetcher.json<ListCommentsResponse>(
        `/results/${enc(id)}/comments${queryString([['version', version]])}`,
      )
    ).items;
  }

  addComment(
    id: string,
    version: number,
    request: AddCommentRequest,
  ): Promise<ResultComment> {
    return this.fetcher.json(`/results/${enc(id)}/versions/${version}/comments`, {
      method: 'POST',
      body: request,
    });
  }

  async listReviews(id: string): Promise<ResultReview[]> {
    return (await this.fetcher.json<ListReviewsResponse>(`/results/${enc(id)}/reviews`))
      .items;
  }

  requestReview(
    id: string,
    request: RequestReviewRequest,
  ): Promise<ResultReview> {
    return this.fetcher.json(`/results/${enc(id)}/reviews`, {
      method: 'POST',
      body: request,
    });
  }

  decideReview(
    id: string,
    reviewId: string,
    request: DecideReviewRequest,
  ): Promise<ResultReview> {
    return this.fetcher.json(`/results/${enc(id)}/reviews/${enc(reviewId)}/decision`, {
      method: 'POST',
      body: request,
    });
  }

  reproduce(id: string, version: number): Promise<ReproduceResponse> {
    return this.fetcher.json(`/results/${enc(id)}/versions/${version}/reproduce`, {
      method: 'POST',
    });
  }

  copyToWorkspace(
    id: string,
    version: number,
    workspaceId: string,
  ): Promise<CopyToWorkspaceResponse> {
    return this.fetcher.json(
      `/results/${enc(id)}/versions/${version}/copy-to-workspace`,
      { method: 'POST', body: { workspaceId } },
    );
  }


}
