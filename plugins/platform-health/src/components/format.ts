import type { Freshness } from '@internal/plugin-platform-health-common';

export function formatCores(cores: number): string {
  if (cores === 0) return '0';
  if (cores < 1) return `${Math.round(cores * 1000)}m`;
  return cores >= 100 ? cores.toFixed(0) : cores.toFixed(1);
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 || unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${
    units[unit]
  }`;
}

export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%`;
}

export function formatAge(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} d`;
}

/** "updated 12 s ago", "stale: 3 min old (the API server ... refused the connection)". */
export function describeFreshness(freshness: Freshness): string {
  const age =
    freshness.ageSeconds === undefined
      ? 'never loaded'
      : `${formatAge(freshness.ageSeconds)} old`;
  if (!freshness.stale) {
    return freshness.ageSeconds === undefined
      ? 'current'
      : `updated ${formatAge(freshness.ageSeconds)} ago`;
  }
  return `stale: ${age}${freshness.error ? ` (${freshness.error})` : ''}`;
}
