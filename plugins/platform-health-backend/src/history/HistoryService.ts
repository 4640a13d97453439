import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import {
  PLATFORM_HEALTH_ANNOTATIONS as A,
  type HistoryMarker,
  type HistorySeries,
  type HistoryWindow,
  type PlatformHistory,
} from '@internal/plugin-platform-health-common';
import type { PlatformHealthConfig } from '../config';
import type { EpisodeStore } from '../database/EpisodeStore';
import type { ClusterService } from '../kubernetes/ClusterService';
import { parseAlertSelector } from '../prometheus/alertSelector';
import type {
  PrometheusClient,
  RangeSeries,
} from '../prometheus/PrometheusClient';
import { HealthAnnotations } from '../service/trust';
import { componentWorkloads } from '../service/workloads';
import {
  atriumWorkloads,
  clusterQueries,
  declaredQueries,
  groupWorkloads,
  problemPodsQuery,
  workloadQueries,
  type Wanted,
} from './queries';
import {
  alertIntervals,
  deployMarkers,
  labelValue,
  rateRange,
  windowRange,
} from './promql';

/**
 * How long a history waits for Prometheus in all: a page asks for several charts at
 * once, and a Prometheus that hangs must not hold it (the issue asks for 2 s).
 */
export const HISTORY_DEADLINE_MS = 1500;
/** Lines per chart: a declared query may return one series per instance. */
export const MAX_LINES_PER_CHART = 8;
/** ALERTS and revision series read for the markers. */
const MAX_MARKER_SERIES = 200;
/** Episodes of the alert history marked on one page. */
const MAX_EPISODES = 200;

/** Where a line comes from, in a few words: the labels that differ. */
function lineLabel(labels: Record<string, string>, fallback: string): string {
  const text = Object.entries(labels)
    .filter(([k]) => k !== '__name__')
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return text || fallback;
}

/**
 * Charts over 1 h / 24 h / 7 d from Prometheus range queries, for a service (its
 * declared queries, the CPU, memory and restarts of its workloads' pods, Atrium's
 * replica and problem-pod gauges) and for a cluster, with the times alerts fired and
 * workloads rolled out. Everything runs under one deadline; what has no data or could
 * not be asked is listed in `missing` instead of failing the page.
 */
export class HistoryService {
  private readonly annotations: HealthAnnotations;

  constructor(
    private readonly options: {
      config: PlatformHealthConfig;
      clusters: ClusterService;
      prometheus?: PrometheusClient;
      episodes?: EpisodeStore;
      deadlineMs?: number;
    },
  ) {
    const { services } = options.config;
    this.annotations = new HealthAnnotations({
      staticLocations: services.staticLocations,
      trustedOrigins: services.trustedOrigins,
      overrides: services.overrides,
    });
  }

  /** `cluster="x"` when several clusters share the Prometheus (their usual label). */
  private clusterMatcher(cluster: string): string[] {
    return this.options.clusters.all().length > 1
      ? [`cluster=${labelValue(cluster)}`]
      : [];
  }

  async service(
    entity: Entity,
    window: HistoryWindow,
  ): Promise<PlatformHistory> {
    const { annotations, notes } = this.annotations.of(entity);
    const missing = [...notes];
    const wanted = declaredQueries(annotations);

    const kube = componentWorkloads(
      annotations,
      this.options.clusters.all(),
      [],
    );
    const groups = groupWorkloads(kube.workloads);
    if (groups.length === 0) {
      missing.push(
        kube.declared
          ? 'CPU, memory and restarts: no Deployment or StatefulSet of this component is in the cluster cache'
          : `CPU, memory and restarts: the component declares no workloads (${A.kubernetesId} or ${A.kubernetesLabelSelector})`,
      );
    } else {
      wanted.push(
        ...workloadQueries(groups, cluster => this.clusterMatcher(cluster)),
      );
    }

    const id = annotations[A.kubernetesId];
    if (id) wanted.push(problemPodsQuery(id));
    const deploys = groups.map(
      g => `atrium_kube_workload_revision${atriumWorkloads(g)}`,
    );

    const selectorText = annotations[A.alertSelector];
    let alertFilter: ((l: Record<string, string>) => boolean) | undefined;
    if (selectorText) {
      try {
        alertFilter = parseAlertSelector(selectorText);
      } catch (error) {
        missing.push(`${A.alertSelector}: ${(error as Error).message}`);
      }
    }
    return this.run(window, wanted, missing, {
      alertFilter,
      deploys,
      componentRef: stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
    });
  }

  async cluster(name: string, window: HistoryWindow): Promise<PlatformHistory> {
    this.options.clusters.get(name); // 404 for a cluster that is not configured
    const wanted = clusterQueries(name, this.clusterMatcher(name));
    const atrium = `cluster=${labelValue(name)}`;
    return this.run(window, wanted, [], {
      alertFilter: labels => labels.cluster === name,
      deploys: [`atrium_kube_workload_revision{${atrium}}`],
    });
  }

  private async run(
    window: HistoryWindow,
    wanted: Wanted[],
    missing: string[],
    marks: {
      alertFilter?: (labels: Record<string, string>) => boolean;
      /** Selectors of revision gauges: a change is a rollout. */
      deploys?: string[];
      componentRef?: string;
    },
  ): Promise<PlatformHistory> {
    const { prometheus, episodes } = this.options;
    const range = windowRange(window, Date.now());
    const base = {
      window,
      from: new Date(range.startMs).toISOString(),
      to: new Date(range.endMs).toISOString(),
      stepSeconds: range.stepSeconds,
    };
    const markers: HistoryMarker[] = [];
    if (episodes && marks.componentRef) {
      try {
        for (const e of await episodes.between({
          fromMs: range.startMs,
          toMs: range.endMs,
          componentRef: marks.componentRef,
          limit: MAX_EPISODES,
        })) {
          markers.push({
            kind: e.kind === 'status' ? 'status' : 'alert',
            at: e.startedAt,
            ...(e.resolvedAt ? { endedAt: e.resolvedAt } : {}),
            title: e.kind === 'status' ? `turned ${e.name}` : e.name,
            ...(e.severity ? { severity: e.severity } : {}),
            source: 'alert-history',
          });
        }
      } catch (error) {
        missing.push(`alert history: ${(error as Error).message}`);
      }
    }
    if (!prometheus) {
      missing.push(
        'charts: no Prometheus is configured (platformHealth.prometheus.url)',
      );
      return { ...base, series: [], markers, missing };
    }

    const signal = AbortSignal.timeout(
      this.options.deadlineMs ?? HISTORY_DEADLINE_MS,
    );
    const ask = (query: string, maxSeries: number) =>
      prometheus.queryRange(
        query.replace(/\$RANGE/g, rateRange(range.stepSeconds)),
        { ...range, maxSeries, signal },
      );
    const failures = new Set<string>();
    const answers = await Promise.all(
      wanted.map(w =>
        ask(w.query, MAX_LINES_PER_CHART).then(
          answer => ({ w, answer }),
          (error: Error) => ({ w, error }),
        ),
      ),
    );
    const series: HistorySeries[] = [];
    for (const a of answers) {
      if ('error' in a) {
        failures.add(a.error.message);
        continue;
      }
      const lines = a.answer.series.filter(s => s.points.length > 0);
      if (lines.length === 0) {
        missing.push(`${a.w.title}: ${a.w.whenEmpty}`);
        continue;
      }
      series.push({
        id: a.w.id,
        title: a.w.title,
        unit: a.w.unit,
        query: a.w.query.replace(/\$RANGE/g, rateRange(range.stepSeconds)),
        lines: lines.map(l => ({
          label: lineLabel(l.labels, a.w.title),
          points: l.points,
        })),
        ...(a.answer.truncated ? { truncated: true } : {}),
      });
    }

    const markerQueries: Array<Promise<void>> = [];
    if (marks.alertFilter) {
      const filter = marks.alertFilter;
      markerQueries.push(
        ask('ALERTS{alertstate="firing"}', MAX_MARKER_SERIES).then(
          ({ series: s }) => {
            markers.push(
              ...dedupe(
                alertIntervals(
                  s.filter((x: RangeSeries) => filter(x.labels)),
                  range.stepSeconds,
                  range.endMs,
                ),
                markers,
                range.stepSeconds,
              ),
            );
          },
          (error: Error) => {
            failures.add(error.message);
          },
        ),
      );
    }
    if (marks.deploys?.length) {
      const revisions = marks.deploys.join(' or ');
      markerQueries.push(
        ask(revisions, MAX_MARKER_SERIES).then(
          ({ series: s }) => {
            markers.push(...deployMarkers(s));
          },
          (error: Error) => {
            failures.add(error.message);
          },
        ),
      );
    }
    await Promise.all(markerQueries);
    for (const failure of failures) missing.push(`charts: ${failure}`);
    markers.sort((a, b) => a.at.localeCompare(b.at));
    return { ...base, series, markers, missing };
  }
}

/** Prometheus' stretches that Atrium's alert history already marks are left out. */
function dedupe(
  found: HistoryMarker[],
  known: HistoryMarker[],
  stepSeconds: number,
): HistoryMarker[] {
  const slack = 2 * stepSeconds * 1000;
  return found.filter(
    f =>
      !known.some(
        k =>
          k.title === f.title &&
          Math.abs(Date.parse(k.at) - Date.parse(f.at)) <= slack,
      ),
  );
}
