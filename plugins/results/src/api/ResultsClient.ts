import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
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

function queryString(entries: Array<[string, string | number | undefined]>) {
  const params = new URLSearchParams();
  for (const [key, value] of entries) {
    if (value !== undefined && String(value) !== '')
      params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** @public */
export class ResultsClient implements ResultsApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async listWorkspaceNotebooks(
    workspaceId: string,
  ): Promise<WorkspaceNotebook[]> {
    const res = await this.json<ListWorkspaceNotebooksResponse>(
      `/workspaces/${enc(workspaceId)}/notebooks`,
    );
    return res.items;
  }

  publish(request: PublishRequest): Promise<PublishResponse> {
    return this.json('/results/publish', { method: 'POST', body: request });
  }

  listResults(query: ListResultsQuery = {}): Promise<ListResultsResponse> {
    return this.json(
      `/results${queryString([
        ['project', query.project],
        ['author', query.author],
        ['team', query.team],
        ['limit', query.limit],
        ['offset', query.offset],
      ])}`,
    );
  }

  getResult(id: string): Promise<Result> {
    return this.json(`/results/${enc(id)}`);
  }

  async deleteResult(id: string): Promise<void> {
    await this.request(`/results/${enc(id)}`, { method: 'DELETE' });
  }

  async listVersions(id: string): Promise<ResultVersion[]> {
    return (
      await this.json<ListVersionsResponse>(`/results/${enc(id)}/versions`)
    ).items;
  }

  getNotebook(id: string, version: number): Promise<Notebook> {
    return this.json(`/results/${enc(id)}/versions/${version}/notebook`);
  }

  getDiff(id: string, from: number, to: number): Promise<NotebookDiff> {
    return this.json(
      `/results/${enc(id)}/diff${queryString([
        ['from', from],
        ['to', to],
      ])}`,
    );
  }

  setVisibility(id: string, request: SetVisibilityRequest): Promise<Result> {
    return this.json(`/results/${enc(id)}/visibility`, {
      method: 'PUT',
      body: request,
    });
  }

  async listComments(id: string, version?: number): Promise<ResultComment[]> {
    return (
      await this.json<ListCommentsResponse>(
        `/results/${enc(id)}/comments${queryString([['version', version]])}`,
      )
    ).items;
  }

  addComment(
    id: string,
    version: number,
    request: AddCommentRequest,
  ): Promise<ResultComment> {
    return this.json(`/results/${enc(id)}/versions/${version}/comments`, {
      method: 'POST',
      body: request,
    });
  }

  async listReviews(id: string): Promise<ResultReview[]> {
    return (await this.json<ListReviewsResponse>(`/results/${enc(id)}/reviews`))
      .items;
  }

  requestReview(
    id: string,
    request: RequestReviewRequest,
  ): Promise<ResultReview> {
    return this.json(`/results/${enc(id)}/reviews`, {
      method: 'POST',
      body: request,
    });
  }

  decideReview(
    id: string,
    reviewId: string,
    request: DecideReviewRequest,
  ): Promise<ResultReview> {
    return this.json(`/results/${enc(id)}/reviews/${enc(reviewId)}/decision`, {
      method: 'POST',
      body: request,
    });
  }

  reproduce(id: string, version: number): Promise<ReproduceResponse> {
    return this.json(`/results/${enc(id)}/versions/${version}/reproduce`, {
      method: 'POST',
    });
  }

  copyToWorkspace(
    id: string,
    version: number,
    workspaceId: string,
  ): Promise<CopyToWorkspaceResponse> {
    return this.json(
      `/results/${enc(id)}/versions/${version}/copy-to-workspace`,
      { method: 'POST', body: { workspaceId } },
    );
  }

  private async json<T>(
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<T> {
    const hasBody = init.body !== undefined;
    const res = await this.request(path, {
      ...(init.method ? { method: init.method } : {}),
      headers: {
        Accept: 'application/json',
        ...(hasBody ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(hasBody ? { body: JSON.stringify(init.body) } : {}),
    });
    return (await res.json()) as T;
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('results');
    const res = await this.options.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res;
  }
}
