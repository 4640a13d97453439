import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  dataAccess?: {
    /**
     * The key the portal signs each launch's data list with (HMAC-SHA256), shared with
     * the hub-side hook (dev/jupyterhub/atrium_data_access.py), which refuses unsigned,
     * foreign or expired lists. Without it launches get no data and the launch dialog
     * says the hub is not set up for data access.
     * @visibility secret
     */
    launchSigningKey?: string;
    revocation?: {
      /**
       * What happens to a running workspace that holds data its owner may no longer
       * use (grant ended or expired, or they left the group): `list` shows it to
       * admins (default); `stop` also stops it, with the reason the owner sees.
       */
      policy?: 'list' | 'stop';
      /** Backstage task schedule of the revocation check (default every minute). */
      schedule?: Partial<SchedulerServiceTaskScheduleDefinitionConfig>;
    };
  };
}
