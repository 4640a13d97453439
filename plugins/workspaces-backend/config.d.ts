import type { HumanDuration } from '@backstage/types';
import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

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
      /** How long one request to the hub may take before it counts as not answering (10 s). */
      requestTimeout?: HumanDuration;
      /**
       * How long a start or stop request may take (30 s). JupyterHub itself waits up to
       * its `slow_spawn_timeout` / `slow_stop_timeout` (10 s each by default) before it
       * answers; keep this longer. A start that still times out stays "starting,
       * unconfirmed" (its quota held) until the hub's progress or the reconcile says how
       * it ended.
       */
      spawnTimeout?: HumanDuration;
    };
    /**
     * Workspace profiles: the `profiles.jupyterlab` list of a nebari-config.yaml (or a
     * KubeSpawner `profile_list`), pasted as it is. The chosen profile's slug and options
     * are sent to the hub as `user_options`; a profile without `slug` gets the one
     * KubeSpawner derives from its `display_name` ("A100 GPU Instance 1x" →
     * "a100-gpu-instance-1x").
     */
    profiles?: Array<{
      display_name: string;
      description?: string;
      /** Only when the hub's profile has one; KubeSpawner's derived slug otherwise. */
      slug?: string;
      default?: boolean;
      /** Nebari: `all` (default), `yaml` (only `users` and `groups`) or `keycloak`. */
      access?: 'all' | 'yaml' | 'keycloak';
      users?: string[] | null;
      groups?: string[] | null;
      kubespawner_override?: KubespawnerOverride;
      /** KubeSpawner's `profile_options`: each a drop-down of choices and/or a free-form value. */
      profile_options?: {
        [option: string]: {
          display_name: string;
          choices?: {
            [choice: string]: {
              display_name: string;
              default?: boolean;
              kubespawner_override?: KubespawnerOverride;
            };
          };
          /** Sent as `<option>--unlisted-choice`; `{value}` in the overrides is replaced by it. */
          unlisted_choice?: {
            enabled?: boolean;
            display_name?: string;
            display_name_in_choices?: string;
            validation_regex?: string;
            validation_message?: string;
            kubespawner_override?: KubespawnerOverride;
          };
        };
      };
    }>;
    /** Idle shutdown of workspaces, by profile and group. */
    idleCulling?: {
      /**
       * When to look for idle workspaces (Backstage's task schedule: frequency,
       * timeout, initialDelay, scope; default every minute, timeout 5 minutes, global:
       * one replica per tick).
       */
      schedule?: Partial<SchedulerServiceTaskScheduleDefinitionConfig>;
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
      /**
       * Nebari's `jupyterlab.idle_culler` block, pasted as it is (minutes; Nebari's
       * defaults for keys left out). Sets the default policy, unless `policies` has one
       * without profile and group, to about max(kernel, terminal timeout) + server
       * timeout, as Nebari documents its culler; a server timeout of 0 sets none.
       */
      idle_culler?: {
        terminal_cull_inactive_timeout?: number;
        terminal_cull_interval?: number;
        kernel_cull_idle_timeout?: number;
        kernel_cull_interval?: number;
        kernel_cull_connected?: boolean;
        kernel_cull_busy?: boolean;
        server_shutdown_no_activity_timeout?: number;
      };
    };
    /** The records are repaired from what the hub runs. */
    reconcile?: {
      /**
       * When (Backstage's task schedule: frequency, timeout, initialDelay, scope;
       * default every 30 seconds, timeout 45 seconds, global: one replica per tick).
       */
      schedule?: Partial<SchedulerServiceTaskScheduleDefinitionConfig>;
    };
  };
}

/**
 * KubeSpawner settings for a profile or choice. The ones Atrium reads for quotas and
 * costs are typed; any other KubeSpawner key (`node_selector`, `extra_pod_config`,
 * `extra_container_config`, `tolerations`, ...) is accepted and kept as written.
 */
interface KubespawnerOverride {
  cpu_limit?: number | null;
  cpu_guarantee?: number | null;
  /** KubeSpawner byte strings ("8G", "512M") or a number of bytes. */
  mem_limit?: string | number | null;
  mem_guarantee?: string | number | null;
  image?: string | null;
  /** e.g. `nvidia.com/gpu: 1`: what GPUs a workspace holds. */
  extra_resource_limits?: { [resource: string]: string | number | null } | null;
  extra_resource_guarantees?: {
    [resource: string]: string | number | null;
  } | null;
  /**
   * Any other KubeSpawner setting, kept as written. (Typed as JSON values rather than
   * `any`: the strict config check closes an object whose extra keys are `any`.)
   */
  [key: string]:
    | string
    | number
    | boolean
    | null
    | undefined
    | unknown[]
    | { [key: string]: unknown };
}
