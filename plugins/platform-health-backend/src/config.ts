import type { Config } from '@backstage/config';
import { ConfigReader, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { PLATFORM_HEALTH_ANNOTATIONS } from '@internal/plugin-platform-health-common';
import { parseProbeHosts, type ProbeHost } from './service/probeHosts';
import { readTrustedOrigins, staticLocationRefs } from './service/trust';

/** How Atrium reaches one cluster (see config.d.ts for the meaning of each field). */
export interface ClusterConfig {
  name: string;
  title: string;
  simulated: boolean;
  connection:
    | { type: 'kubeconfig'; path: string; context?: string }
    | { type: 'inCluster' }
    | {
        type: 'url';
        url: string;
        token?: string;
        /** A file with the token, read again whenever it changes (rotated tokens). */
        tokenFile?: string;
        caData?: string;
        skipTLSVerify: boolean;
      };
}

export interface PlatformHealthConfig {
  clusters: ClusterConfig[];
  /** Why configured clusters were left out (no connection given, e.g. an unset env var). */
  skippedClusters: string[];
  /** Deadline of every request to a cluster, Prometheus or a probed URL. */
  requestTimeoutMs: number;
  /** Cluster data older than this is stale even when no request failed. */
  staleAfterMs: number;
  /** How often each cluster is asked whether it still answers. */
  heartbeatIntervalMs: number;
  /** How often metrics.k8s.io is polled. */
  metricsIntervalMs: number;
  prometheus?: { url: string; token?: string };
  services: {
    /** Components of this catalog System are the platform's services. */
    system: string;
    /** Component types in that system that are not services (e.g. projects). */
    excludeTypes: string[];
    /** How long a computed service health is reused. */
    cacheTtlMs: number;
    /**
     * Annotation values set in config, by entity ref of the component: they win over
     * the entity's own annotations.
     */
    overrides: Map<string, Record<string, string>>;
    /** Origins whose entities' health annotations count (see service/trust.ts). */
    trustedOrigins: string[];
    /** The origin location refs of the config's static `catalog.locations` (trusted). */
    staticLocations: string[];
    /** The hosts health URLs may be fetched on; empty: none. */
    probeHosts: ProbeHost[];
  };
  thresholds: {
    availability: number;
    latencyP95Seconds: number;
    errorRate: number;
  };
  metrics: { allowUnauthenticated: boolean };
}

const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function duration(config: Config, key: string, fallbackMs: number): number {
  return config.has(key)
    ? durationToMilliseconds(readDurationFromConfig(config, { key }))
    : fallbackMs;
}

function readCluster(cluster: Config): ClusterConfig {
  const name = cluster.getString('name');
  if (!CLUSTER_NAME.test(name)) {
    throw new Error(
      `platformHealth.clusters: name '${name}' must be lowercase letters, digits and dashes`,
    );
  }
  const sources = ['kubeconfig', 'inCluster', 'url'].filter(key =>
    cluster.has(key),
  );
  if (sources.length !== 1) {
    throw new Error(
      `platformHealth.clusters '${name}': give exactly one of kubeconfig, inCluster or url (found ${
        sources.join(', ') || 'none'
      })`,
    );
  }
  let connection: ClusterConfig['connection'];
  if (cluster.has('kubeconfig')) {
    connection = {
      type: 'kubeconfig',
      path: cluster.getString('kubeconfig'),
      context: cluster.getOptionalString('context'),
    };
  } else if (cluster.has('inCluster')) {
    if (!cluster.getBoolean('inCluster')) {
      throw new Error(
        `platformHealth.clusters '${name}': inCluster must be true when given`,
      );
    }
    connection = { type: 'inCluster' };
  } else {
    if (cluster.has('token') && cluster.has('tokenFile')) {
      throw new Error(
        `platformHealth.clusters '${name}': give token or tokenFile, not both`,
      );
    }
    connection = {
      type: 'url',
      url: cluster.getString('url'),
      token: cluster.getOptionalString('token'),
      tokenFile: cluster.getOptionalString('tokenFile'),
      caData: cluster.getOptionalString('caData'),
      skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
    };
  }
  return {
    name,
    title: cluster.getOptionalString('title') ?? name,
    simulated: cluster.getOptionalBoolean('simulated') ?? false,
    connection,
  };
}

/** Config keys of `services.components.<name>` and the annotations they stand for. */
const OVERRIDE_KEYS: Record<string, string> = {
  healthUrl: PLATFORM_HEALTH_ANNOTATIONS.healthUrl,
  availability: PLATFORM_HEALTH_ANNOTATIONS.availability,
  latencyP95: PLATFORM_HEALTH_ANNOTATIONS.latencyP95,
  errorRate: PLATFORM_HEALTH_ANNOTATIONS.errorRate,
  alerts: PLATFORM_HEALTH_ANNOTATIONS.alertSelector,
  cluster: PLATFORM_HEALTH_ANNOTATIONS.cluster,
};

function readOverrides(config: Config): Map<string, Record<string, string>> {
  const overrides = new Map<string, Record<string, string>>();
  const components = config.getOptionalConfig('services.components');
  for (const name of components?.keys() ?? []) {
    const entry = components!.getConfig(name);
    const annotations: Record<string, string> = {};
    for (const [key, annotation] of Object.entries(OVERRIDE_KEYS)) {
      // A value from an unset environment variable is absent: the annotation stays.
      const value = entry.getOptionalString(key);
      if (value) annotations[annotation] = value;
    }
    const namespace = entry.getOptionalString('namespace') ?? 'default';
    overrides.set(
      `component:${namespace}/${name}`.toLocaleLowerCase('en-US'),
      annotations,
    );
  }
  return overrides;
}

export function readPlatformHealthConfig(root: Config): PlatformHealthConfig {
  const config =
    root.getOptionalConfig('platformHealth') ?? new ConfigReader({});
  // A cluster entry without any connection (its url came from an environment variable
  // that is not set) is left out with a warning, so the portal still starts.
  const skippedClusters: string[] = [];
  const clusters = (config.getOptionalConfigArray('clusters') ?? [])
    .filter(cluster => {
      if (['kubeconfig', 'inCluster', 'url'].some(key => cluster.has(key))) {
        return true;
      }
      skippedClusters.push(
        `platformHealth.clusters '${cluster.getOptionalString(
          'name',
        )}' has no kubeconfig, inCluster or url: left out`,
      );
      return false;
    })
    .map(readCluster);
  const seen = new Set<string>();
  for (const cluster of clusters) {
    if (seen.has(cluster.name)) {
      throw new Error(
        `platformHealth.clusters: the name '${cluster.name}' is used twice`,
      );
    }
    seen.add(cluster.name);
  }
  const requestTimeoutMs = duration(config, 'requestTimeout', 5000);
  return {
    clusters,
    skippedClusters,
    requestTimeoutMs,
    staleAfterMs: duration(config, 'staleAfter', 60_000),
    heartbeatIntervalMs: duration(config, 'heartbeatInterval', 10_000),
    metricsIntervalMs: duration(config, 'metricsInterval', 30_000),
    prometheus: config.has('prometheus.url')
      ? {
          url: config.getString('prometheus.url').replace(/\/$/, ''),
          token: config.getOptionalString('prometheus.token'),
        }
      : undefined,
    services: {
      system:
        config.getOptionalString('services.system') ?? 'data-science-platform',
      excludeTypes: config.getOptionalStringArray('services.excludeTypes') ?? [
        'data-science-project',
      ],
      cacheTtlMs: duration(config, 'services.cacheTtl', 15_000),
      overrides: readOverrides(config),
      trustedOrigins: readTrustedOrigins(
        config.getOptionalStringArray('services.trustedOrigins') ?? [],
      ),
      staticLocations: staticLocationRefs(root),
      probeHosts: parseProbeHosts(
        config.getOptionalStringArray('services.probeHosts') ?? [],
      ),
    },
    thresholds: {
      availability: config.getOptionalNumber('thresholds.availability') ?? 0.99,
      latencyP95Seconds:
        config.getOptionalNumber('thresholds.latencyP95Seconds') ?? 1,
      errorRate: config.getOptionalNumber('thresholds.errorRate') ?? 0.05,
    },
    metrics: {
      allowUnauthenticated:
        config.getOptionalBoolean('metrics.allowUnauthenticated') ?? false,
    },
  };
}
