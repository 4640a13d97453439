import type { ProfileResources } from '@internal/plugin-workspaces-common';

const number = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/** `{ cpu: 2, memoryGiB: 8, gpu: 1 }` -> "2 CPU · 8 GiB · 1 GPU" (no GPU part when 0). */
export function formatResources(resources: ProfileResources): string {
  const parts = [
    `${number.format(resources.cpu)} CPU`,
    `${number.format(resources.memoryGiB)} GiB`,
  ];
  if (resources.gpu > 0) parts.push(`${number.format(resources.gpu)} GPU`);
  return parts.join(' · ');
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** An ISO time as "5 minutes ago" / "yesterday"; "just now" under a minute. */
export function formatRelativeTime(iso: string, now = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  if (Number.isNaN(seconds)) return iso;
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) {
      return relative.format(Math.round(seconds / size), unit);
    }
  }
  return 'just now';
}

/** `user:default/ada` -> `ada`; refs outside the default namespace stay whole. */
export function shortRef(ref: string): string {
  return ref.replace(/^[a-z]+:default\//i, '');
}

/**
 * The environment a workspace runs: its short ref, and for a conda-store environment the
 * build ("team-vision-vision-training, build #7").
 */
export function environmentSummary(ref: string, build?: number): string {
  return build === undefined
    ? shortRef(ref)
    : `${shortRef(ref)}, build #${build}`;
}

/** `component:default/churn` -> the entity's catalog page. */
export function catalogPath(ref: string): string {
  const [kind, rest] = ref.includes(':')
    ? ref.split(':', 2)
    : ['component', ref];
  const [namespace, name] = rest.includes('/')
    ? rest.split('/', 2)
    : ['default', rest];
  return `/catalog/${namespace}/${kind.toLocaleLowerCase('en-US')}/${name}`;
}
