import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { PerCallerCache } from '@internal/backend-route-kit';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  ANNOTATION_ORIGIN_LOCATION,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  PLATFORM_HEALTH_ANNOTATIONS as A,
  type Freshness,
  type ProbeResult,
  type ServiceHealth,
  type ServiceState,
  withheldProblemPods,
} from '@internal/plugin-platform-health-common';
import type { PlatformHealthConfig } from '../config';
import type { ClusterService } from '../kubernetes/ClusterService';
import type { PrometheusClient } from '../prometheus/PrometheusClient';
import { ExternalChecks } from './externalChecks';
import { HealthAnnotations } from './trust';
import { componentWorkloads } from './workloads';

/** Reasons listed per kind of finding before "and N more". */
const MAX_REASONS_PER_KIND = 3;

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

/** What a caller may see of a service's pods (the cluster permission decides). */
export interface HealthView {
  /** Pod names, reasons and events: for DevOps and admins only. */
  podDetail: boolean;
}

/** Catalog names compare case-insensitively, as the catalog's filters do. */
function sameName(a: string, b: string) {
  return a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');
}

/**
 * The health of the platform's services: catalog Components of the platform System
 * (or anywhere, when they come from a trusted origin with Atrium's health
 * annotations), judged on their workloads in the cluster caches, their Prometheus
 * queries and alerts, and an HTTP probe of their health URL. Which annotations count is
 * decided by trust.ts; the external checks are cached per component (externalChecks.ts)
 * and what each caller sees of pods is decided per request, after the cache.
 */
export class ServiceHealthService {
  private readonly annotations: HealthAnnotations;
  private readonly external: ExternalChecks;
  /**
   * The components each caller may see, for 5 s: the status page is polled by every
   * open browser, and this catalog query (an OR of seven filters, read with the
   * caller's credentials) was most of the route's time under load (#16). A component
   * added to the catalog shows within 5 s more.
   */
  private readonly componentsByCaller = new PerCallerCache<Entity[]>({
    ttlMs: 5_000,
  });

  constructor(
    private readonly options: {
      config: PlatformHealthConfig;
      clusters: ClusterService;
      catalog: CatalogService;
      prometheus?: PrometheusClient;
      onProbe?: (service: string, result: ProbeResult) => void;
      /** How many components' external checks to cache at most (default 5,000). */
      maxCachedComponents?: number;
    },
  ) {
    const { services } = options.config;
    this.annotations = new HealthAnnotations({
      staticLocations: services.staticLocations,
      trustedOrigins: services.trustedOrigins,
      overrides: services.overrides,
    });
    this.external = new ExternalChecks(options);
  }

  /** How many components' external checks are cached now. */
  get cachedComponents(): number {
    return this.external.cachedComponents;
  }

  /**
   * The platform's services the caller may see in the catalog: the System's
   * Components, and Components elsewhere whose health annotations count (a trusted
   * origin), so that no one can put their own component on the status page by
   * annotating it.
   */
  platformComponents(credentials: BackstageCredentials): Promise<Entity[]> {
    return this.componentsByCaller.get(credentials, () =>
      this.readPlatformComponents(credentials),
    );
  }

  private async readPlatformComponents(
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
      .filter(
        e =>
          sameName(String(e.spec?.system ?? ''), system) ||
          this.annotations.isTrustedOrigin(
            e.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION],
          ),
      )
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

  async list(
    credentials: BackstageCredentials,
    view: HealthView,
  ): Promise<ServiceHealth[]> {
    const components = await this.platformComponents(credentials);
    return Promise.all(components.map(c => this.health(c, view)));
  }

  /**
   * The health of one component, with the reasons for its state. The state is the same
   * for every caller; pod names, reasons and events only come with `view.podDetail`.
   */
  async health(entity: Entity, view: HealthView): Promise<ServiceHealth> {
    const reasons: string[] = [];
    const entityRef = stringifyEntityRef(entity);
    const { annotations, notes } = this.annotations.of(entity);
    let state: ServiceState = 'healthy';
    const raise = (to: ServiceState, reason: string | string[]) => {
      const list = Array.isArray(reason) ? reason : [reason];
      if (list.length === 0) return;
      state = worse(state, to);
      reasons.push(...list);
    };

    const kube = componentWorkloads(
      annotations,
      this.options.clusters.all(),
      notes,
    );
    const external = await this.external.of(
      entityRef,
      entity.metadata.name,
      annotations,
    );
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
    // A pod that runs again after restarts (a warning) is listed, but the service is
    // not degraded by it: it answers now.
    const failing = kube.problems.filter(p => p.severity !== 'warning');
    if (failing.length > 0) {
      raise(
        'degraded',
        view.podDetail
          ? capped(
              failing.map(
                p =>
                  `pod ${p.name}: ${p.reason}${
                    p.restarts > 0 ? ` (${p.restarts} restarts)` : ''
                  }`,
              ),
            )
          : withheldProblemPods(failing.length),
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
      let why = `declares nothing to judge by: add ${A.kubernetesId}, ${A.healthUrl} or Prometheus queries`;
      if (kube.declared || Object.values(external.metrics).length > 0) {
        why = 'no data yet: see the notes';
      } else if (notes.length > 0) {
        why = 'nothing to judge by: see the notes';
      }
      reasons.push(why);
    }

    return {
      entityRef,
      name: entity.metadata.name,
      title: entity.metadata.title ?? entity.metadata.name,
      ...(entity.spec?.type ? { type: String(entity.spec.type) } : {}),
      state,
      reasons,
      notes,
      workloads: kube.workloads,
      problemPods: view.podDetail ? kube.problems : [],
      problemPodsTotal: kube.problems.length,
      problemPodsWithheld: !view.podDetail,
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
