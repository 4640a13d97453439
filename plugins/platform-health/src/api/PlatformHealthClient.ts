import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { PluginFetcher } from '@internal/frontend-kit';
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
  private readonly fetcher: PluginFetcher;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.fetcher = new PluginFetcher('platform-health', options);
  }

  async listServices(): Promise<ServiceHealth[]> {
    return (await this.fetcher.json<{ items: ServiceHealth[] }>('/services')).items;
  }

  getServiceHealth(namespace: string, name: string): Promise<ServiceHealth> {
    return this.fetcher.json(`/services/${segment(namespace)}/${segment(name)}`);
  }

  async listClusters(): Promise<ClusterSummary[]> {
    return (await this.fetcher.json<{ items: ClusterSummary[] }>('/clusters')).items;
  }

  getClusterOverview(cluster: string): Promise<ClusterOverview> {
    return this.fetcher.json(`/clusters/${segment(cluster)}/overview`);
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
    return this.fetcher.json(
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
    return this.fetcher.json(
      `/services/${segment(namespace)}/${segment(
        name,
      )}/history?window=${segment(window)}`,
    );
  }

  getClusterHistory(
    cluster: string,
    window: HistoryWindow,
  ): Promise<PlatformHistory> {
    return this.fetcher.json(
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
      await this.fetcher.json<{ items: AlertEpisode[] }>(`/alerts/history${query}`)
    ).items;
  }

}
