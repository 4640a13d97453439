import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  search?: {
    collators?: {
      /** Atrium results in search. */
      atriumResults?: {
        /**
         * How often every result is re-read into the search index (Backstage's task
         * schedule). Default: every 10 minutes, 5 s after start, 15 minutes timeout.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
