import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  V1Deployment,
  V1Pod,
  V1StatefulSet,
} from '@kubernetes/client-node';
import {
  PLATFORM_HEALTH_ANNOTATIONS as A,
  type Freshness,
  type ProbeResult,
  type ServiceAlert,
  type ServiceHealth,
  type ServiceMetric,
  type ServiceState,
  type WorkloadHealth,
  type ProblemPod,
} from '@internal/plugin-platform-health-common';
import type { PlatformHealthConfig } from '../config';
import type { ClusterCache } from '../kubernetes/ClusterCache';
import type { ClusterService } from '../kubernetes/ClusterService';
import {
  isNodeReady,
  podWarningIndex,
  problemPods,
} from '../kubernetes/overview';
import { parseLabelSelector } from '../kubernetes/selectors';
import {
  parseAlertSelector,
  type PrometheusClient,
} from '../prometheus/PrometheusClient';
import { probe } from './probe';

/** Reasons listed per kind of finding before "and N more". */
const MAX_REASONS_PER_KIND = 3;

type Labels = Record<string, string>;

/** What Prometheus and the health URL said about a service (fetched, then reused briefly). */
interface ExternalChecks {
  probe?: ProbeResult;
  metrics: ServiceHealth['metrics'];
  alerts: ServiceAlert[];
  alertsFreshness?: Freshness;
  errors: string[];
}

const STATE_ORDER: ServiceState[] = ['healthy', 'unknown', 'degraded', 'down'];
const worse = (a: ServiceState, b: ServiceState) =>
  STATE_ORDER.indexOf(b) > STATE_ORDER.indexOf(a) ? b : a;

function percent(ratio: number) {
  return `${(ratio * 100).toFixed(ratio >= 0.999 || ratio < 0.01 ? 2 : 1)}%`;
}

function seconds(value: number) {
  return value >= 1
    ? `${value.toFixed(2)} s`
    : `${Math.round(value * 1000)} ms`;
}

/** Lists up to a few items, then how many more. */
function capped(items: string[]): string[] {
  if (items.length <= MAX_REASONS_PER_KIND) return items;
  return [
    ...items.slice(0, MAX_REASONS_PER_KIND),
    `and ${items.length - MAX_REASONS_PER_KIND} more`,
  ];
}

/** "<what>: data is 42 s old (why)" or "<what>: no data yet (why)". */
function staleNote(what: string, source: string, freshness: Freshness) {
  const why = freshness.error ? ` (${freshness.error})` : '';
  return freshness.ageSeconds === undefined
    ? `${what}: no data from ${source} yet${why}`
    : `${what}: ${source} data is ${freshness.ageSeconds} s old${why}`;
}

/**
 * The health of the platform's services: catalog Components of the platform System
 * (or anywhere, when they carry Atrium's health annotations), judged on their
 * workloads in the cluster caches, their Prometheus queries and alerts, and an HTTP
 * probe of their health URL. Prometheus answers and probes are reused for
 * `services.cacheTtl` and fetched once however many requests ask at the same time.
 */
export class ServiceHealthService {
  private readonly external = new Map<
    string,
    { atMs: number; checks: Promise<ExternalChecks> }
  >();
  private alertsMemo?: {
    atMs: number;
    result: ReturnType<PrometheusClient['alerts']>;
  };

  constructor(
    private readonly options: {
      config: PlatformHealthConfig;
      clusters: ClusterService;
      catalog: CatalogService;
      prometheus?: PrometheusClient;
      onProbe?: (service: string, result: ProbeResult) => void;
    },
  ) {}

  /** The platform's services the caller may see in the catalog. */
  async platformComponents(
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    const { system, excludeTypes } = this.options.config.services;
    const { items } = await this.options.catalog.getEntities(
      {
        filter: [
          { kind: 'component', 'spec.system': system },
          ...[
            A.healthUrl,
            A.availability,
            A.latencyP95,
            A.errorRate,
            A.alertSelector,
          ].map(annotation => ({
            kind: 'component',
            [`metadata.annotations.${annotation}`]: CATALOG_FILTER_EXISTS,
          })),
        ],
      },
      { credentials },
    );
    return items
      .filter(e => !excludeTypes.includes(String(e.spec?.type ?? '')))
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }

  async component(
    credentials: BackstageCredentials,
    namespace: string,
    name: string,
  ): Promise<Entity> {
    const entity = await this.options.catalog.getEntityByRef(
      { kind: 'component', namespace, name },
      { credentials },
    );
    if (!entity) {
      throw new NotFoundError(
        `There is no component ${namespace}/${name} in the catalog`,
      );
    }
    return entity;
  }

  async list(credentials: BackstageCredentials): Promise<ServiceHealth[]> {
    const components = await this.platformComponents(credentials);
    return Promise.all(components.map(c => this.health(c)));
  }

  /** The entity's annotations with the config's overrides (services.components). */
  private annotationsOf(entity: Entity): Record<string, string> {
    const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
    return {
      ...entity.metadata.annotations,
      ...this.options.config.services.overrides.get(ref),
    };
  }

  /** The clusters a component's workloads are looked up in. */
  private clustersFor(entity: Entity): ClusterCache[] {
    const wanted = this.annotationsOf(entity)[A.cluster];
    const all = this.options.clusters.all();
    return wanted ? all.filter(c => c.cluster.name === wanted) : all;
  }

  /** Matches the objects of a component (`kubernetes-id` and/or label selector). */
  private workloadMatcher(
    entity: Entity,
  ): ((labels: Labels) => boolean) | undefined {
    const annotations = this.annotationsOf(entity);
    const id = annotations[A.kubernetesId];
    const selector = annotations[A.kubernetesLabelSelector];
    if (!id && !selector) return undefined;
    const bySelector = selector ? parseLabelSelector(selector) : undefined;
    return labels =>
      (!id || labels['backstage.io/kubernetes-id'] === id) &&
      (!bySelector || bySelector(labels));
  }

  private kubernetesPart(entity: Entity, reasonsOut: string[]) {
    const annotations = this.annotationsOf(entity);
    const namespace = annotations[A.kubernetesNamespace];
    let matcher: ((labels: Labels) => boolean) | undefined;
    try {
      matcher = this.workloadMatcher(entity);
    } catch (error) {
      reasonsOut.push(
        `${A.kubernetesLabelSelector}: ${(error as Error).message}`,
      );
    }
    const workloads: WorkloadHealth[] = [];
    const problems: ProblemPod[] = [];
    const clusters = this.clustersFor(entity);
    if (!matcher) return { workloads, problems, clusters, declared: false };
    for (const cache of clusters) {
      const name = cache.cluster.name;
      for (const d of cache.list<V1Deployment>('deployments', namespace)) {
        if (!matcher(d.metadata?.labels ?? {})) continue;
        workloads.push({
          cluster: name,
          kind: 'Deployment',
          namespace: d.metadata?.namespace ?? '',
          name: d.metadata?.name ?? '',
          desired: d.spec?.replicas ?? 1,
          ready: d.status?.readyReplicas ?? 0,
        });
      }
      for (const s of cache.list<V1StatefulSet>('statefulSets', namespace)) {
        if (!matcher(s.metadata?.labels ?? {})) continue;
        workloads.push({
          cluster: name,
          kind: 'StatefulSet',
          namespace: s.metadata?.namespace ?? '',
          name: s.metadata?.name ?? '',
          desired: s.spec?.replicas ?? 1,
          ready: s.status?.readyReplicas ?? 0,
        });
      }
      const pods = cache
        .list<V1Pod>('pods', namespace)
        .filter(p => matcher!(p.metadata?.labels ?? {}));
      if (pods.length === 0) continue;
      const nodes = new Map(
        cache
          .list<any>('nodes')
          .map(n => [n.metadata?.name as string, isNodeReady(n)]),
      );
      const podKeys = new Set(
        pods.map(p => `${p.metadata?.namespace}/${p.metadata?.name}`),
      );
      const warnings = podWarningIndex(
        cache
          .list<any>('events', namespace)
          .filter(e =>
            podKeys.has(
              `${e.involvedObject?.namespace}/${e.involvedObject?.name}`,
            ),
          ),
      );
      problems.push(...problemPods(name, pods, n => nodes.get(n), warnings));
    }
    workloads.sort(
      (a, b) =>
        a.cluster.localeCompare(b.cluster) ||
        a.namespace.localeCompare(b.namespace) ||
        a.name.localeCompare(b.name),
    );
    return { workloads, problems, clusters, declared: true };
  }

  private alerts() {
    const prometheus = this.options.prometheus!;
    const ttl = this.options.config.services.cacheTtlMs;
    if (!this.alertsMemo || Date.now() - this.alertsMemo.atMs >= ttl) {
      this.alertsMemo = { atMs: Date.now(), result: prometheus.alerts() };
    }
    return this.alertsMemo.result;
  }

  private async fetchExternal(entity: Entity): Promise<ExternalChecks> {
    const annotations = this.annotationsOf(entity);
    const { prometheus, config } = this.options;
    const errors: string[] = [];
    const queryOf = async (
      annotation: string,
    ): Promise<ServiceMetric | undefined> => {
      const query = annotations[annotation];
      if (!query) return undefined;
      if (!prometheus) {
        errors.push(
          `${annotation} is set but no Prometheus is configured (platformHealth.prometheus.url)`,
        );
        return undefined;
      }
      const result = await prometheus.query(query);
      return {
        query,
        ...(result.value !== undefined ? { value: result.value } : {}),
        ...(result.evaluatedAt ? { evaluatedAt: result.evaluatedAt } : {}),
        freshness: result.freshness,
      };
    };
    const healthUrl = annotations[A.healthUrl];
    const alertSelector = annotations[A.alertSelector];
    const [probeResult, availability, latencyP95Seconds, errorRate, alerts] =
      await Promise.all([
        healthUrl ? probe(healthUrl, config.requestTimeoutMs) : undefined,
        queryOf(A.availability),
        queryOf(A.latencyP95),
        queryOf(A.errorRate),
        alertSelector && prometheus ? this.alerts() : undefined,
      ]);
    if (probeResult) this.options.onProbe?.(entity.metadata.name, probeResult);
    let matched: ServiceAlert[] = [];
    if (alertSelector && alerts) {
      try {
        const select = parseAlertSelector(alertSelector);
        matched = alerts.alerts.filter(a => select(a.labels));
      } catch (error) {
        errors.push(`${A.alertSelector}: ${(error as Error).message}`);
      }
    } else if (alertSelector && !prometheus) {
      errors.push(
        `${A.alertSelector} is set but no Prometheus is configured (platformHealth.prometheus.url)`,
      );
    }
    return {
      ...(probeResult ? { probe: probeResult } : {}),
      metrics: {
        ...(availability ? { availability } : {}),
        ...(latencyP95Seconds ? { latencyP95Seconds } : {}),
        ...(errorRate ? { errorRate } : {}),
      },
      alerts: matched,
      ...(alerts ? { alertsFreshness: alerts.freshness } : {}),
      errors,
    };
  }

  private externalChecks(entity: Entity): Promise<ExternalChecks> {
    const key = stringifyEntityRef(entity);
    const ttl = this.options.config.services.cacheTtlMs;
    const memo = this.external.get(key);
    if (memo && Date.now() - memo.atMs < ttl) return memo.checks;
    const checks = this.fetchExternal(entity);
    this.external.set(key, { atMs: Date.now(), checks });
    return checks;
  }

  /** The health of one component, with the reasons for its state. */
  async health(entity: Entity): Promise<ServiceHealth> {
    const reasons: string[] = [];
    const notes: string[] = [];
    let state: ServiceState = 'healthy';
    const raise = (to: ServiceState, reason: string | string[]) => {
      const list = Array.isArray(reason) ? reason : [reason];
      if (list.length === 0) return;
      state = worse(state, to);
      reasons.push(...list);
    };

    const kube = this.kubernetesPart(entity, notes);
    const external = await this.externalChecks(entity);
    notes.push(...external.errors);
    const { thresholds } = this.options.config;

    // Workloads: none ready at all is down; fewer ready than wanted is degraded.
    const wanted = kube.workloads.filter(w => w.desired > 0);
    if (wanted.length > 0 && wanted.every(w => w.ready === 0)) {
      raise(
        'down',
        `no ready replicas: ${capped(
          wanted.map(w => `${w.name} 0/${w.desired}`),
        ).join(', ')}`,
      );
    } else {
      raise(
        'degraded',
        capped(
          wanted
            .filter(w => w.ready < w.desired)
            .map(w => `${w.name}: ${w.ready} of ${w.desired} replicas ready`),
        ),
      );
    }
    if (kube.problems.length > 0) {
      raise(
        'degraded',
        capped(
          kube.problems.map(
            p =>
              `pod ${p.name}: ${p.reason}${
                p.restarts > 0 ? ` (${p.restarts} restarts)` : ''
              }`,
          ),
        ),
      );
    }
    for (const cache of kube.clusters) {
      const freshness = cache.freshness();
      if (freshness.stale && kube.declared) {
        notes.push(
          staleNote(`cluster ${cache.cluster.name}`, 'the cluster', freshness),
        );
      }
    }
    if (
      kube.declared &&
      kube.workloads.length === 0 &&
      kube.problems.length === 0
    ) {
      notes.push('no Deployment or StatefulSet of this component was found');
    }

    if (external.probe && !external.probe.ok) {
      raise(
        'down',
        `health check ${external.probe.url} failed: ${external.probe.error}`,
      );
    }

    const { availability, latencyP95Seconds, errorRate } = external.metrics;
    for (const [label, metric] of [
      ['availability', availability],
      ['p95 latency', latencyP95Seconds],
      ['error rate', errorRate],
    ] as const) {
      if (!metric) continue;
      if (metric.freshness.stale) {
        notes.push(staleNote(label, 'Prometheus', metric.freshness));
      } else if (metric.value === undefined) {
        notes.push(`${label}: the query returned no data`);
      }
    }
    if (availability?.value !== undefined) {
      if (availability.value <= 0) {
        raise('down', `availability is ${percent(availability.value)}`);
      } else if (availability.value < thresholds.availability) {
        raise(
          'degraded',
          `availability ${percent(availability.value)} is below ${percent(
            thresholds.availability,
          )}`,
        );
      }
    }
    if (
      latencyP95Seconds?.value !== undefined &&
      latencyP95Seconds.value > thresholds.latencyP95Seconds
    ) {
      raise(
        'degraded',
        `p95 latency ${seconds(latencyP95Seconds.value)} is above ${seconds(
          thresholds.latencyP95Seconds,
        )}`,
      );
    }
    if (
      errorRate?.value !== undefined &&
      errorRate.value > thresholds.errorRate
    ) {
      raise(
        'degraded',
        `error rate ${percent(errorRate.value)} is above ${percent(
          thresholds.errorRate,
        )}`,
      );
    }
    for (const alert of external.alerts.filter(a => a.state === 'firing')) {
      raise(
        alert.severity === 'critical' ? 'down' : 'degraded',
        `alert ${alert.name} is firing${
          alert.summary ? `: ${alert.summary}` : ''
        }`,
      );
    }
    if (external.alertsFreshness?.stale) {
      notes.push(staleNote('alerts', 'Prometheus', external.alertsFreshness));
    }

    const annotations = this.annotationsOf(entity);
    const judged =
      kube.workloads.length > 0 ||
      kube.problems.length > 0 ||
      external.probe !== undefined ||
      Object.values(external.metrics).some(m => m?.value !== undefined) ||
      (annotations[A.alertSelector] !== undefined &&
        external.alertsFreshness !== undefined &&
        !external.alertsFreshness.stale);
    if (!judged && state === 'healthy') {
      state = 'unknown';
      reasons.push(
        kube.declared || Object.values(external.metrics).length > 0
          ? 'no data yet: see the notes'
          : `declares nothing to judge by: add ${A.kubernetesId}, ${A.healthUrl} or Prometheus queries`,
      );
    }

    return {
      entityRef: stringifyEntityRef(entity),
      name: entity.metadata.name,
      title: entity.metadata.title ?? entity.metadata.name,
      ...(entity.spec?.type ? { type: String(entity.spec.type) } : {}),
      state,
      reasons,
      notes,
      workloads: kube.workloads,
      problemPods: kube.problems,
      metrics: external.metrics,
      alerts: external.alerts,
      ...(external.alertsFreshness
        ? { alertsFreshness: external.alertsFreshness }
        : {}),
      ...(external.probe ? { probe: external.probe } : {}),
      clusters: kube.clusters.map(c => ({
        name: c.cluster.name,
        simulated: c.cluster.simulated,
        freshness: c.freshness(),
      })),
      checkedAt: new Date().toISOString(),
    };
  }
}
