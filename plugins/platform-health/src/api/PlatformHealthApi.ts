import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  AlertEpisode,
  ClusterOverview,
  ClusterSummary,
  HistoryWindow,
  PlatformHistory,
  PodLogs,
  ServiceHealth,
} from '@internal/plugin-platform-health-common';

/** The platform-health backend, as the pages use it. @public */
export interface PlatformHealthApi {
  listServices(): Promise<ServiceHealth[]>;
  getServiceHealth(namespace: string, name: string): Promise<ServiceHealth>;
  listClusters(): Promise<ClusterSummary[]>;
  getClusterOverview(cluster: string): Promise<ClusterOverview>;
  getPodLogs(options: {
    cluster: string;
    namespace: string;
    pod: string;
    container?: string;
    tailLines?: number;
  }): Promise<PodLogs>;
  getServiceHistory(
    namespace: string,
    name: string,
    window: HistoryWindow,
  ): Promise<PlatformHistory>;
  getClusterHistory(
    cluster: string,
    window: HistoryWindow,
  ): Promise<PlatformHistory>;
  /** Alert and status episodes (DevOps and admins); the last 7 days by default. */
  listAlertHistory(options?: {
    from?: string;
    to?: string;
    component?: string;
  }): Promise<AlertEpisode[]>;
}

/** @public */
export const platformHealthApiRef = createApiRef<PlatformHealthApi>({
  id: 'plugin.platform-health.api',
});
