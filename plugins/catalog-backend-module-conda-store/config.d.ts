import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  environments?: {
    /**
     * conda-store (Nebari's environment service). Without it only the curated YAML
     * environments are in the catalog.
     */
    condaStore?: {
      /** Base URL with conda-store's prefix, e.g. https://nebari.example.org/conda-store */
      url: string;
      /**
       * An API token with at least viewer rights on every namespace to sync.
       * @visibility secret
       */
      token: string;
      /** Page size asked for (conda-store caps it at its max_page_size, 100 by default). */
      pageSize?: number;
      /** The owner of environments in conda-store's `global` namespace (default group:default/platform-ops). */
      platformOwner?: string;
      /**
       * Owners of namespaces that are not named like a catalog group (`group:default/<namespace>`
       * otherwise), e.g. a person's own namespace: `{ ada: user:default/ada }`.
       */
      namespaceOwners?: { [namespace: string]: string };
      /** How often the catalog provider syncs (Backstage task schedule; default every 2 minutes). */
      schedule?: Partial<SchedulerServiceTaskScheduleDefinitionConfig>;
      /** Every how many syncs a full one replaces the incremental one (default 30; 1 = always full). */
      fullSyncEvery?: number;
    };
  };
}
