import type {
  HistoryMarker,
  HistoryWindow,
} from '@internal/plugin-platform-health-common';
import type { RangeSeries } from '../prometheus/PrometheusClient';

/** At most this many points per line: a chart is a few hundred pixels wide. */
export const MAX_POINTS_PER_SERIES = 400;

const WINDOWS: Record<HistoryWindow, { ms: number; stepSeconds: number }> = {
  '1h': { ms: 3_600_000, stepSeconds: 30 },
  '24h': { ms: 86_400_000, stepSeconds: 300 },
  '7d': { ms: 7 * 86_400_000, stepSeconds: 1800 },
};

/** The window's bounds and step, the step raised so no line has more than 400 points. */
export function windowRange(window: HistoryWindow, nowMs: number) {
  const { ms, stepSeconds } = WINDOWS[window];
  const step = Math.max(
    stepSeconds,
    Math.ceil(ms / 1000 / MAX_POINTS_PER_SERIES),
  );
  return { startMs: nowMs - ms, endMs: nowMs, stepSeconds: step };
}

/**
 * The range of rate() and increase(): one step, and at least a minute so that a
 * Prometheus scraping every 15 s has the two samples rate() needs.
 */
export function rateRange(stepSeconds: number): string {
  return `${Math.max(stepSeconds, 60)}s`;
}

/** A PromQL string literal of a label value (names come from the cluster, not typed in). */
export function labelValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const REGEX_META = /[\\^$.*+?()[\]{}|]/g;

/**
 * The pods of a workload by name, as its controller names them: a Deployment's
 * `<name>-<replicaset hash>-<suffix>`, a StatefulSet's `<name>-<ordinal>`. By name and
 * not by the pods in the cache, so that pods replaced during the window count too.
 */
export function podPattern(kind: string, name: string): string {
  const escaped = name.replace(REGEX_META, '\\$&');
  return kind === 'StatefulSet'
    ? `${escaped}-[0-9]+`
    : `${escaped}-[a-z0-9]+-[a-z0-9]+`;
}

/** `namespace="dev",pod=~"a-.*|b-.*"` for the workloads of one namespace. */
export function podMatchers(
  namespace: string,
  workloads: Array<{ kind: string; name: string }>,
  extra: string[] = [],
): string {
  const pods = workloads.map(w => podPattern(w.kind, w.name)).join('|');
  return [
    `namespace=${labelValue(namespace)}`,
    `pod=~${labelValue(pods)}`,
    ...extra,
  ].join(',');
}

/**
 * Turns the `ALERTS{alertstate="firing"}` series of a window into one marker per
 * stretch of firing: a gap of more than two steps ends a stretch; one that reaches the
 * window's end is still firing.
 */
export function alertIntervals(
  series: RangeSeries[],
  stepSeconds: number,
  endMs: number,
): HistoryMarker[] {
  const gapMs = 2 * stepSeconds * 1000;
  const markers: HistoryMarker[] = [];
  for (const s of series) {
    const points = s.points.map(([t]) => t).sort((a, b) => a - b);
    let start: number | undefined;
    let last = 0;
    const close = (open: boolean) => {
      if (start === undefined) return;
      markers.push({
        kind: 'alert',
        at: new Date(start).toISOString(),
        ...(open ? {} : { endedAt: new Date(last).toISOString() }),
        title: s.labels.alertname ?? 'alert',
        ...(s.labels.severity ? { severity: s.labels.severity } : {}),
        source: 'prometheus',
      });
    };
    for (const t of points) {
      if (start !== undefined && t - last > gapMs) {
        close(false);
        start = undefined;
      }
      if (start === undefined) start = t;
      last = t;
    }
    close(endMs - last <= gapMs);
  }
  return markers;
}

/**
 * A rollout is where a workload's revision gauge takes a new value from one point to
 * the next (compared here rather than with PromQL's changes(), whose range would count
 * a change at two steps or, equal to the step, miss those between two scrapes).
 */
export function deployMarkers(series: RangeSeries[]): HistoryMarker[] {
  const markers: HistoryMarker[] = [];
  // Every replica of the portal exports the gauge (its own `instance`): one marker each.
  const seen = new Set<string>();
  for (const s of series) {
    const { kind = 'workload', namespace, workload } = s.labels;
    const name = namespace ? `${namespace}/${workload}` : workload;
    for (let i = 1; i < s.points.length; i++) {
      const key = `${kind}/${name}@${s.points[i][0]}`;
      if (s.points[i][1] !== s.points[i - 1][1] && !seen.has(key)) {
        seen.add(key);
        markers.push({
          kind: 'deploy',
          at: new Date(s.points[i][0]).toISOString(),
          title: `${kind} ${name} rolled out`,
          source: 'revision-metric',
        });
      }
    }
  }
  return markers;
}
