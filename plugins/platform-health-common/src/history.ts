/** The windows a history can be asked for. @public */
export const HISTORY_WINDOWS = ['1h', '24h', '7d'] as const;

/** @public */
export type HistoryWindow = (typeof HISTORY_WINDOWS)[number];

/** What a series' values are, for the axis and the tooltip. @public */
export type HistoryUnit = 'cores' | 'bytes' | 'count' | 'ratio' | 'seconds';

/** One chart: a range query's answer, one line per label set (bounded). @public */
export interface HistorySeries {
  /** Stable key: `availability`, `cpu`, `memory`, `restarts`, ... */
  id: string;
  title: string;
  unit: HistoryUnit;
  /** The PromQL asked. */
  query: string;
  lines: Array<{
    /** The line's labels as text (`namespace=dev`), or the title for a single line. */
    label: string;
    /** [epoch ms, value]; a gap where Prometheus had no sample. */
    points: Array<[number, number]>;
  }>;
  /** More lines matched than are shown. */
  truncated?: boolean;
}

/**
 * An alert that fired, a service that turned down or degraded (Atrium's episodes), or a
 * workload that rolled out, to mark on the charts. @public
 */
export interface HistoryMarker {
  kind: 'alert' | 'status' | 'deploy';
  /** ISO 8601. */
  at: string;
  /** When it stopped; absent while it goes on (or for a deploy). */
  endedAt?: string;
  /** `PlatformPodsFailing`, `turned degraded`, `Deployment dev/hub rolled out`. */
  title: string;
  severity?: string;
  /** Where it was learnt: Prometheus' ALERTS series, Atrium's alert history, the revision metric. */
  source: 'prometheus' | 'alert-history' | 'revision-metric';
}

/** A service's or a cluster's history over a window. @public */
export interface PlatformHistory {
  window: HistoryWindow;
  /** ISO 8601 bounds of the window. */
  from: string;
  to: string;
  stepSeconds: number;
  /** The charts that have data. */
  series: HistorySeries[];
  markers: HistoryMarker[];
  /** What could not be shown and why (no such series in Prometheus, Prometheus down). */
  missing: string[];
}

/** One alert or status episode as Atrium recorded it. @public */
export interface AlertEpisode {
  id: number;
  kind: 'alert' | 'status';
  /** Alert name, or the state the service turned to (`down`, `degraded`). */
  name: string;
  /** The catalog component it belongs to, when one matched. */
  componentRef?: string;
  severity?: string;
  summary?: string;
  labels: Record<string, string>;
  startedAt: string;
  resolvedAt?: string;
  /** When the owning group was notified (absent: no owner, or not yet). */
  notifiedAt?: string;
}
