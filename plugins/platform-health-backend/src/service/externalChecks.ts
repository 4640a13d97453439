import {
  PLATFORM_HEALTH_ANNOTATIONS as A,
  type Freshness,
  type ProbeResult,
  type ServiceAlert,
  type ServiceHealth,
  type ServiceMetric,
} from '@internal/plugin-platform-health-common';
import type { PlatformHealthConfig } from '../config';
import { BoundedMap } from '../lib/BoundedMap';
import { parseAlertSelector } from '../prometheus/alertSelector';
import type { PrometheusClient } from '../prometheus/PrometheusClient';
import { probe } from './probe';
import { checkProbeUrl } from './probeHosts';

/** How many components' checks are kept at most (each for `services.cacheTtl`). */
const MAX_CACHED_COMPONENTS = 5000;

/** What Prometheus and the health URL said about a component. */
export interface ExternalCheckResults {
  probe?: ProbeResult;
  metrics: ServiceHealth['metrics'];
  alerts: ServiceAlert[];
  alertsFreshness?: Freshness;
  /** What could not be checked, and why. */
  errors: string[];
}

const NO_PROMETHEUS =
  'is set but no Prometheus is configured (platformHealth.prometheus.url)';

/**
 * Runs a component's probe, Prometheus queries and alert selection from the
 * annotations that count for it (see trust.ts). Answers are reused for
 * `services.cacheTtl` and fetched once however many requests ask at the same time.
 */
export class ExternalChecks {
  private readonly cached: BoundedMap<string, Promise<ExternalCheckResults>>;
  private alertsMemo?: {
    atMs: number;
    result: ReturnType<PrometheusClient['alerts']>;
  };

  constructor(
    private readonly options: {
      config: PlatformHealthConfig;
      prometheus?: PrometheusClient;
      onProbe?: (service: string, result: ProbeResult) => void;
      /** How many components' checks to keep at most (default 5,000). */
      maxCachedComponents?: number;
    },
  ) {
    this.cached = new BoundedMap({
      maxEntries: options.maxCachedComponents ?? MAX_CACHED_COMPONENTS,
      maxAgeMs: options.config.services.cacheTtlMs,
    });
  }

  /** How many components' checks are cached now. */
  get cachedComponents(): number {
    return this.cached.size;
  }

  /** The checks of a component (by entity ref), from the cache while fresh. */
  of(
    entityRef: string,
    name: string,
    annotations: Record<string, string>,
  ): Promise<ExternalCheckResults> {
    const cached = this.cached.get(entityRef);
    if (cached) return cached.value;
    return this.cached.set(entityRef, this.fetch(name, annotations)).value;
  }

  private alerts() {
    const prometheus = this.options.prometheus!;
    const ttl = this.options.config.services.cacheTtlMs;
    if (!this.alertsMemo || Date.now() - this.alertsMemo.atMs >= ttl) {
      this.alertsMemo = { atMs: Date.now(), result: prometheus.alerts() };
    }
    return this.alertsMemo.result;
  }

  private async query(
    promql: string | undefined,
    annotation: string,
    errors: string[],
  ): Promise<ServiceMetric | undefined> {
    if (!promql) return undefined;
    const { prometheus } = this.options;
    if (!prometheus) {
      errors.push(`${annotation} ${NO_PROMETHEUS}`);
      return undefined;
    }
    const result = await prometheus.query(promql);
    return {
      query: promql,
      ...(result.value !== undefined ? { value: result.value } : {}),
      ...(result.evaluatedAt ? { evaluatedAt: result.evaluatedAt } : {}),
      freshness: result.freshness,
    };
  }

  /** Probes the health URL when its host is allowed; otherwise says why not. */
  private async probe(
    name: string,
    healthUrl: string | undefined,
    errors: string[],
  ): Promise<ProbeResult | undefined> {
    if (!healthUrl) return undefined;
    const { config } = this.options;
    const target = checkProbeUrl(healthUrl, config.services.probeHosts);
    if ('refusal' in target) {
      errors.push(
        `${A.healthUrl} ${healthUrl} is not probed: ${target.refusal}`,
      );
      return undefined;
    }
    const result = await probe(healthUrl, config.requestTimeoutMs);
    this.options.onProbe?.(name, result);
    return result;
  }

  /** Selects the component's alerts, when its selector can be read. */
  private async selectAlerts(
    selector: string | undefined,
    errors: string[],
  ): Promise<Pick<ExternalCheckResults, 'alerts' | 'alertsFreshness'>> {
    if (!selector) return { alerts: [] };
    if (!this.options.prometheus) {
      errors.push(`${A.alertSelector} ${NO_PROMETHEUS}`);
      return { alerts: [] };
    }
    let select: ReturnType<typeof parseAlertSelector>;
    try {
      select = parseAlertSelector(selector);
    } catch (error) {
      errors.push(`${A.alertSelector}: ${(error as Error).message}`);
      return { alerts: [] };
    }
    const { alerts, freshness } = await this.alerts();
    return {
      alerts: alerts.filter(a => select(a.labels)),
      alertsFreshness: freshness,
    };
  }

  private async fetch(
    name: string,
    annotations: Record<string, string>,
  ): Promise<ExternalCheckResults> {
    const errors: string[] = [];
    const [probeResult, availability, latencyP95Seconds, errorRate, alerts] =
      await Promise.all([
        this.probe(name, annotations[A.healthUrl], errors),
        this.query(annotations[A.availability], A.availability, errors),
        this.query(annotations[A.latencyP95], A.latencyP95, errors),
        this.query(annotations[A.errorRate], A.errorRate, errors),
        this.selectAlerts(annotations[A.alertSelector], errors),
      ]);
    return {
      ...(probeResult ? { probe: probeResult } : {}),
      metrics: {
        ...(availability ? { availability } : {}),
        ...(latencyP95Seconds ? { latencyP95Seconds } : {}),
        ...(errorRate ? { errorRate } : {}),
      },
      ...alerts,
      errors,
    };
  }
}
