import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  CondaStoreBuildDiff,
  CondaStoreBuildLog,
  CondaStoreBuildPackage,
  CondaStoreBuildUsageList,
  CondaStoreOverview,
} from '@internal/plugin-environments-common';

/** The environments backend's conda-store routes, as the pages use them. @public */
export interface CondaStoreBuildsApi {
  getBuildLog(buildId: number): Promise<CondaStoreBuildLog>;
  getBuildPackages(buildId: number): Promise<CondaStoreBuildPackage[]>;
  diffBuilds(from: number, to: number): Promise<CondaStoreBuildDiff>;
  /** How many running workspaces and which projects use each build (in that order). */
  getBuildUsage(buildIds: number[]): Promise<CondaStoreBuildUsageList>;
  /** DevOps and admins only (403 for everyone else). */
  getOverview(): Promise<CondaStoreOverview>;
}

/** @public */
export const condaStoreBuildsApiRef = createApiRef<CondaStoreBuildsApi>({
  id: 'plugin.environments.conda-store',
});
