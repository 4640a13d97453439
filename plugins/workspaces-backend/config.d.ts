import type { HumanDuration } from '@backstage/types';

export interface Config {
  workspaces?: {
    jupyterhub?: {
      /** Base URL of the hub as the backend reaches it, e.g. http://hub:8000 (no /hub/api). */
      url: string;
      /**
       * Base URL people's browsers open notebooks at, when it differs from `url`
       * (e.g. the hub's public ingress). Defaults to `url`.
       */
      publicUrl?: string;
      /**
       * Token of the JupyterHub service Atrium uses (see the README for the service and
       * role to add to the hub's config). Never sent to the browser.
       * @visibility secret
       */
      apiToken: string;
      /** How long one request to the hub may take before it counts as not answering. */
      requestTimeout?: HumanDuration;
    };
    /**
     * Workspace profiles, in the shape of Nebari's `profiles.jupyterlab` (KubeSpawner
     * profile_list): paste a Nebari config here. The chosen profile's slug and options
     * are sent to the hub as `user_options`.
     */
    profiles?: Array<{
      display_name: string;
      description?: string;
      slug: string;
      default?: boolean;
      access?: 'all' | 'yaml' | 'keycloak';
      users?: string[];
      groups?: string[];
      kubespawner_override?: { [key: string]: any };
      profile_options?: { [key: string]: any };
    }>;
    /** Idle shutdown of workspaces, by profile and group. */
    idleCulling?: {
      /** How often to look for idle workspaces (default 1 minute). */
      frequency?: HumanDuration;
      /**
       * The most specific policy that matches a workspace applies (profile and group,
       * then profile, then group, then the one with neither); among several matching
       * group policies the most lenient wins.
       */
      policies?: Array<{
        profile?: string;
        /** A group name (catalog Group) of the workspace's owner. */
        group?: string;
        /** Stop a workspace after this many minutes without activity. */
        idleTimeoutMinutes?: number;
        /** Stop a workspace this many hours after it started, active or not. */
        maxAgeHours?: number;
      }>;
    };
    /** How often the records are repaired from what the hub runs (default 30 seconds). */
    reconcileFrequency?: HumanDuration;
  };
}
