import { parseEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { PluginFetcher, queryString } from '@internal/frontend-kit';
import type {
  AccessMatrix,
  AccessRequest,
  AccessRequestBody,
  DataGrant,
  DataSourceDetails,
  DecisionBody,
  GrantBody,
  GrantPatch,
  HeldWithoutAccess,
  WhoCouldAccess,
} from '@internal/plugin-data-access-common';
import type {
  AccessMatrixQuery,
  DataAccessApi,
  RequestsQuery,
} from './DataAccessApi';

const enc = encodeURIComponent;

/** @public */
export class DataAccessClient implements DataAccessApi {
  private readonly fetcher: PluginFetcher;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.fetcher = new PluginFetcher('data-access', options);
  }

  getMatrix(query: AccessMatrixQuery = {}): Promise<AccessMatrix> {
    return this.fetcher.json(
      `/matrix${queryString([
        ['sensitivity', query.sensitivity],
        ['type', query.type],
        ['q', query.q],
      ])}`,
    );
  }

  getSource(sourceRef: string): Promise<DataSourceDetails> {
    const { namespace, name } = parseEntityRef(sourceRef, {
      defaultKind: 'resource',
    });
    return this.fetcher.json(`/sources/${enc(namespace)}/${enc(name)}`);
  }

  grant(body: GrantBody): Promise<DataGrant> {
    return this.fetcher.json('/grants', { method: 'POST', body });
  }

  changeGrant(grantId: string, patch: GrantPatch): Promise<DataGrant> {
    return this.fetcher.json(`/grants/${enc(grantId)}`, {
      method: 'PATCH',
      body: patch,
    });
  }

  endGrant(grantId: string, reason?: string): Promise<DataGrant> {
    return this.fetcher.json(`/grants/${enc(grantId)}/end`, {
      method: 'POST',
      body: reason ? { reason } : {},
    });
  }

  async listRequests(query: RequestsQuery): Promise<AccessRequest[]> {
    const res = await this.fetcher.json<{ items: AccessRequest[] }>(
      `/requests${queryString([
        ['scope', query.scope],
        ['status', query.status],
      ])}`,
    );
    return res.items;
  }

  requestAccess(body: AccessRequestBody): Promise<AccessRequest> {
    return this.fetcher.json('/requests', { method: 'POST', body });
  }

  decide(requestId: string, body: DecisionBody): Promise<AccessRequest> {
    return this.fetcher.json(`/requests/${enc(requestId)}/decision`, {
      method: 'POST',
      body,
    });
  }

  withdraw(requestId: string): Promise<AccessRequest> {
    return this.fetcher.json(`/requests/${enc(requestId)}/withdraw`, {
      method: 'POST',
    });
  }

  whoCouldAccess(sourceRef: string, at: string): Promise<WhoCouldAccess> {
    return this.fetcher.json(
      `/who-could-access${queryString([
        ['source', sourceRef],
        ['at', at],
      ])}`,
    );
  }

  async heldWithoutAccess(): Promise<HeldWithoutAccess[]> {
    const res = await this.fetcher.json<{ items: HeldWithoutAccess[] }>(
      '/held-without-access',
    );
    return res.items;
  }
}
