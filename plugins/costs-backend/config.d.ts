import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  costs?: {
    /** ISO 4217 currency of every price and report (default USD). */
    currency?: string;
    /**
     * Price sheets. The sheet in force at an instant is the one with the latest
     * `effectiveFrom` at or before it (before the first sheet, the first applies). A
     * session spanning a change is priced piecewise: past costs keep the price they
     * were incurred at. A session slice costs hours x (cpu x cpuCoreHour + memoryGiB x
     * memoryGiBHour + gpu x gpuHour[gpuType or 'default'] + profileHourly[profile]).
     */
    prices?: Array<{
      /** YYYY-MM-DD (UTC); applies from 00:00 UTC that day. */
      effectiveFrom: string;
      cpuCoreHour: number;
      memoryGiBHour: number;
      /** By GPU type (the profile's extra resource name, e.g. 'nvidia.com/gpu'); 'default' as fallback. */
      gpuHour?: { [gpuType: string]: number };
      /**
       * Price of a GiB of storage for a month. Shown with the prices; not metered yet:
       * JupyterHub does not report home or shared volume sizes, so it applies once a
       * storage figure is known (e.g. from OpenCost's pvCost in the actual costs).
       */
      storageGiBMonth?: number;
      /** Optional flat hourly price per profile slug, added on top. */
      profileHourly?: { [profile: string]: number };
    }>;
    alerts?: {
      /** Percents of a monthly budget at which its subject is notified (default 50, 80, 100). */
      thresholds?: number[];
      /**
       * When budgets are checked for alerts (Backstage's task schedule; default every
       * 5 minutes, timeout 5 minutes, global: one replica per tick). Metering checks
       * them too after each run.
       */
      schedule?: Partial<SchedulerServiceTaskScheduleDefinitionConfig>;
    };
    /**
     * Seeds demo usage so the costs pages have history. Only for the local demo
     * (app-config.yaml), never in production config: seeded figures are marked demo.
     */
    demoData?: {
      enabled?: boolean;
    };
    /** Budgets seeded into an empty database (admins change them in the UI afterwards). */
    budgets?: Array<{ subjectRef: string; monthlyAmount: number }>;
    /** Quotas seeded into an empty database (admins change them in the UI afterwards). */
    quotas?: Array<{
      subjectRef: string;
      maxCpu?: number;
      maxMemoryGiB?: number;
      maxGpu?: number;
      maxRunningWorkspaces?: number;
    }>;
    metering?: {
      /**
       * When usage sessions are copied from the workspaces plugin (Backstage's task
       * schedule: frequency, timeout, initialDelay, scope; default every minute,
       * timeout 5 minutes, global: one replica per tick).
       */
      schedule?: Partial<SchedulerServiceTaskScheduleDefinitionConfig>;
    };
    /** OpenCost's allocation API, for actual costs by user. */
    opencost?: {
      /** Base URL of the OpenCost API, e.g. http://opencost.opencost:9003 */
      url: string;
      /** The pod label holding the JupyterHub user name (default hub.jupyter.org/username). */
      usernameLabel?: string;
      /** Only this namespace (e.g. the hub's). */
      namespace?: string;
    };
    /** AWS Cost Explorer, for the cloud bill by user tag. */
    aws?: {
      region?: string;
      /** For a Cost Explorer-compatible endpoint other than AWS's. */
      endpoint?: string;
      /** Without keys, the default AWS credential chain is used. */
      accessKeyId?: string;
      /** @visibility secret */
      secretAccessKey?: string;
      /** The cost allocation tag holding the user name. */
      tagKey?: string;
    };
  };
}
