import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { PluginFetcher } from '@internal/frontend-kit';
import type {
  CondaStoreBuildDiff,
  CondaStoreBuildLog,
  CondaStoreBuildPackage,
  CondaStoreBuildUsageList,
  CondaStoreOverview,
} from '@internal/plugin-environments-common';
import type { CondaStoreBuildsApi } from './CondaStoreBuildsApi';

/** @public */
export class CondaStoreBuildsClient implements CondaStoreBuildsApi {
  private readonly fetcher: PluginFetcher;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.fetcher = new PluginFetcher('environments', options);
  }

  getBuildLog(buildId: number): Promise<CondaStoreBuildLog> {
    return this.fetcher.json(`/conda-store/builds/${buildId}/log?format=json`);
  }

  async getBuildPackages(buildId: number): Promise<CondaStoreBuildPackage[]> {
    return (
      await this.fetcher.json<{ items: CondaStoreBuildPackage[] }>(
        `/conda-store/builds/${buildId}/packages`,
      )
    ).items;
  }

  diffBuilds(from: number, to: number): Promise<CondaStoreBuildDiff> {
    return this.fetcher.json(`/conda-store/builds/${from}/diff/${to}`);
  }

  getBuildUsage(buildIds: number[]): Promise<CondaStoreBuildUsageList> {
    const query = new URLSearchParams({ builds: buildIds.join(',') });
    return this.fetcher.json(`/conda-store/build-usage?${query}`);
  }

  getOverview(): Promise<CondaStoreOverview> {
    return this.fetcher.json('/conda-store/overview');
  }
}
