import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AlertEpisode,
  ClusterOverview,
  ClusterSummary,
  HistoryWindow,
  PlatformHistory,
  PodLogs,
  ServiceHealth,
} from '@internal/plugin-platform-health-common';
import type { PlatformHealthApi } from './PlatformHealthApi';

const segment = encodeURIComponent;

/** @public */
export class PlatformHealthClient implements PlatformHealthApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async listServices(): Promise<ServiceHealth[]> {
    return (await this.json<{ items: ServiceHealth[] }>('/services')).items;
  }

  getServiceHealth(namespace: string, name: string): Promise<ServiceHealth> {
    return this.json(`/services/${segment(namespace)}/${segment(name)}`);
  }

  async listClusters(): Promise<ClusterSummary[]> {
    return (await this.json<{ items: ClusterSummary[] }>('/clusters')).items;
  }

  getClusterOverview(cluster: string): Promise<ClusterOverview> {
    return this.json(`/clusters/${segment(cluster)}/overview`);
  }

  getPodLogs(options: {
    cluster: string;
    namespace: string;
    pod: string;
    container?: string;
    tailLines?: number;
  }): Promise<PodLogs> {
    const params = new URLSearchParams();
    if (options.container) params.set('container', options.container);
    if (options.tailLines) params.set('tailLines', String(options.tailLines));
    const query = params.toString() ? `?${params}` : '';
    return this.json(
      `/clusters/${segment(options.cluster)}/namespaces/${segment(
        options.namespace,
      )}/pods/${segment(options.pod)}/logs${query}`,
    );
  }

  getServiceHistory(
    namespace: string,
    name: string,
    window: HistoryWindow,
  ): Promise<PlatformHistory> {
    return this.json(
      `/services/${segment(namespace)}/${segment(
        name,
      )}/history?window=${segment(window)}`,
    );
  }

  getClusterHistory(
    cluster: string,
    window: HistoryWindow,
  ): Promise<PlatformHistory> {
    return this.json(
      `/clusters/${segment(cluster)}/history?window=${segment(window)}`,
    );
  }

  async listAlertHistory(
    options: { from?: string; to?: string; component?: string } = {},
  ): Promise<AlertEpisode[]> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(options)) {
      if (value) params.set(key, value);
    }
    const query = params.toString() ? `?${params}` : '';
    return (
      await this.json<{ items: AlertEpisode[] }>(`/alerts/history${query}`)
    ).items;
  }

  private async json<T>(path: string): Promise<T> {
    const base = await this.options.discoveryApi.getBaseUrl('platform-health');
    const res = await this.options.fetchApi.fetch(`${base}${path}`);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }
}
