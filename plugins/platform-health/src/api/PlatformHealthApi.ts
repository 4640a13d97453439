import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  ClusterOverview,
  ClusterSummary,
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
}

/** @public */
export const platformHealthApiRef = createApiRef<PlatformHealthApi>({
  id: 'plugin.platform-health.api',
});
