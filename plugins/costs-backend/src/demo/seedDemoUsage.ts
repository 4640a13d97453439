import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  profileResources,
  type ProfileResources,
  type WorkspaceProfile,
} from '@internal/plugin-workspaces-common';
import type { CostsStore, MeteredSession } from '../database/CostsStore';

/** How far back the demo history goes. */
export const DEMO_DAYS = 120;
/** Every demo session id (and workspace id) starts with this. */
export const DEMO_ID_PREFIX = 'demo-';
/** When the demo data was last seeded: later runs add only the sessions ended since. */
const SEEDED_UNTIL_KEY = 'demo.seededUntil';
/** The first day of the first seeding (the origin of the demo's timeline). */
const EPOCH_KEY = 'demo.epoch';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

/** The resources of app-config.yaml's demo profiles, when the caller passes none. */
const DEFAULT_RESOURCES: Record<string, ProfileResources> = {
  small: { cpu: 2, memoryGiB: 8, gpu: 0 },
  medium: { cpu: 4, memoryGiB: 16, gpu: 0 },
  gpu: { cpu: 8, memoryGiB: 32, gpu: 1, gpuType: 'nvidia.com/gpu' },
  'gpu:two': { cpu: 8, memoryGiB: 32, gpu: 2, gpuType: 'nvidia.com/gpu' },
};

const PROJECTS = {
  catsVsDogs: 'component:default/cats-vs-dogs',
  satellite: 'component:default/satellite-segmentation',
  genomeAssembly: 'component:default/genome-assembly',
  variantCalling: 'component:default/variant-calling',
};

type Weighted<T> = Array<[T, number]>;

/** How one demo person works: the numbers the generator draws from. */
interface Persona {
  user: string;
  groups: string[];
  /** Chance of working on a weekday, and on a weekend day. */
  weekday: number;
  weekend: number;
  /** Chance of a second session on a working day. */
  secondSession: number;
  /** First start, in UTC hours: uniform in [from, to). */
  startHour: [number, number];
  /** Length of a session in hours: uniform in [min, max). */
  hours: [number, number];
  profiles: Weighted<'small' | 'medium' | 'gpu' | 'gpu:two'>;
  projects: Weighted<string | undefined>;
  workspaces: Record<string, string>;
  /** Idle timeout that culls this person's sessions, in minutes, by profile. */
  idleTimeout: (profile: string) => number;
}

// The idle policies of app-config.yaml: GPUs 15 min, team-genomics 120 min, else 30.
const visionTimeout = (profile: string) =>
  profile.startsWith('gpu') ? 15 : 30;
const genomicsTimeout = () => 120;

const PERSONAS: Persona[] = [
  {
    user: 'user:default/ada',
    groups: ['group:default/team-vision'],
    weekday: 0.85,
    weekend: 0.1,
    secondSession: 0.45,
    startHour: [7.5, 10],
    hours: [1.5, 5],
    profiles: [
      ['gpu', 0.35],
      ['gpu:two', 0.1],
      ['medium', 0.25],
      ['small', 0.3],
    ],
    projects: [
      [PROJECTS.catsVsDogs, 0.6],
      [PROJECTS.satellite, 0.25],
      [undefined, 0.15],
    ],
    workspaces: {
      gpu: 'cats-training',
      'gpu:two': 'cats-training',
      medium: 'vision-eda',
      small: 'scratch',
    },
    idleTimeout: visionTimeout,
  },
  {
    user: 'user:default/alan',
    groups: ['group:default/team-vision'],
    weekday: 0.6,
    weekend: 0.05,
    secondSession: 0.2,
    startHour: [8, 11],
    hours: [1, 4],
    profiles: [
      ['small', 0.5],
      ['medium', 0.35],
      ['gpu', 0.15],
    ],
    projects: [
      [PROJECTS.catsVsDogs, 0.5],
      [PROJECTS.satellite, 0.3],
      [undefined, 0.2],
    ],
    workspaces: { gpu: 'tiles-gpu', medium: 'tiles', small: 'notes' },
    idleTimeout: visionTimeout,
  },
  {
    user: 'user:default/grace',
    groups: ['group:default/team-genomics'],
    weekday: 0.8,
    weekend: 0.15,
    secondSession: 0.25,
    startHour: [7, 9.5],
    hours: [3, 9],
    profiles: [
      ['medium', 0.7],
      ['small', 0.3],
    ],
    projects: [
      [PROJECTS.genomeAssembly, 0.6],
      [PROJECTS.variantCalling, 0.25],
      [undefined, 0.15],
    ],
    workspaces: { medium: 'assembly', small: 'qc-report' },
    idleTimeout: genomicsTimeout,
  },
  {
    user: 'user:default/rosalind',
    groups: ['group:default/team-genomics'],
    weekday: 0.7,
    weekend: 0.05,
    secondSession: 0.3,
    startHour: [8.5, 11],
    hours: [1, 6],
    profiles: [
      ['medium', 0.5],
      ['small', 0.5],
    ],
    projects: [
      [PROJECTS.variantCalling, 0.6],
      [PROJECTS.genomeAssembly, 0.2],
      [undefined, 0.2],
    ],
    workspaces: { medium: 'variants', small: 'plots' },
    idleTimeout: genomicsTimeout,
  },
];

/** Chance that a session is left running when its owner goes home. */
const FORGOTTEN = 0.07;
/**
 * Idle culling was switched on this many days into the demo history: before, forgotten
 * sessions ran until their owner stopped them the next morning (the waste the idle
 * report shows); after, the culler stops them after the policy's idle timeout.
 */
const CULLING_FROM_DAY = 35;
/** The hub culler runs every 10 minutes: a culled session idles timeout + up to 10 min. */
const CULL_EVERY_MINUTES = 10;

/** mulberry32: a small deterministic PRNG, enough for demo data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a: a seed per (day, person), so a day's sessions do not depend on other days. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function pick<T>(random: () => number, choices: Weighted<T>): T {
  const total = choices.reduce((a, [, w]) => a + w, 0);
  let r = random() * total;
  for (const [value, weight] of choices) {
    r -= weight;
    if (r < 0) return value;
  }
  return choices[choices.length - 1][0];
}

const between = (random: () => number, [min, max]: [number, number]) =>
  min + random() * (max - min);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const roundToMinute = (ms: number) =>
  Math.round(ms / MS_PER_MINUTE) * MS_PER_MINUTE;

function resourcesFor(
  profile: string,
  profiles: WorkspaceProfile[] | undefined,
): { slug: string; resources: ProfileResources } {
  const [slug, choice] = profile.split(':');
  const configured = profiles?.find(p => p.slug === slug);
  if (configured) {
    return {
      slug,
      resources: profileResources(configured, choice ? { gpus: choice } : {}),
    };
  }
  return { slug, resources: DEFAULT_RESOURCES[profile] };
}

/**
 * The demo sessions of one UTC day (`dayStartMs` is its midnight), for every persona,
 * each drawn from a generator seeded with the day and the person: the same day always
 * gives the same sessions.
 */
export function demoSessionsOfDay(
  dayStartMs: number,
  options: { dayIndex: number; profiles?: WorkspaceProfile[] },
): MeteredSession[] {
  const day = dayOf(dayStartMs);
  const weekday = new Date(dayStartMs).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  const sessions: MeteredSession[] = [];

  for (const persona of PERSONAS) {
    const random = prng(hash(`${day}|${persona.user}`));
    if (random() >= (weekend ? persona.weekend : persona.weekday)) continue;
    const name = persona.user.slice('user:default/'.length);
    const count = random() < persona.secondSession ? 2 : 1;
    let start = dayStartMs + between(random, persona.startHour) * MS_PER_HOUR;

    for (let n = 1; n <= count; n++) {
      const profile = pick(random, persona.profiles);
      const project = pick(random, persona.projects);
      const { slug, resources } = resourcesFor(profile, options.profiles);
      const workspaceName = persona.workspaces[profile];
      const startedAt = roundToMinute(start);
      let endedAt = roundToMinute(
        startedAt + between(random, persona.hours) * MS_PER_HOUR,
      );
      let idleSeconds = Math.floor(random() * 600); // activity reports lag a few minutes
      let endReason = 'stopped by you';

      if (random() < FORGOTTEN) {
        if (options.dayIndex < CULLING_FROM_DAY) {
          // Left running overnight, stopped by its owner the next morning.
          const workedUntil = endedAt;
          endedAt = roundToMinute(
            dayStartMs + MS_PER_DAY + between(random, [8, 10]) * MS_PER_HOUR,
          );
          idleSeconds = Math.round((endedAt - workedUntil) / 1000);
        } else {
          const idleMinutes =
            persona.idleTimeout(profile) +
            Math.floor(random() * CULL_EVERY_MINUTES);
          endedAt += idleMinutes * MS_PER_MINUTE;
          idleSeconds = idleMinutes * 60;
          endReason = `stopped after ${idleMinutes} min idle`;
        }
      }

      sessions.push({
        id: `${DEMO_ID_PREFIX}${name}-${day}-${n}`,
        workspaceId: `${DEMO_ID_PREFIX}ws-${name}-${workspaceName}`,
        workspaceName,
        owner: persona.user,
        groups: persona.groups,
        ...(project ? { project } : {}),
        profile: slug,
        cpu: resources.cpu,
        memoryGiB: resources.memoryGiB,
        gpu: resources.gpu,
        ...(resources.gpuType ? { gpuType: resources.gpuType } : {}),
        startedAt: new Date(startedAt).toISOString(),
        endedAt: new Date(endedAt).toISOString(),
        endReason,
        idleSeconds,
        demo: true,
      });
      // The afternoon session starts after a break.
      start = endedAt + between(random, [0.5, 2]) * MS_PER_HOUR;
    }
  }
  return sessions;
}

/**
 * Seeds {@link DEMO_DAYS} days of realistic usage for the demo people (ada and alan in
 * team-vision, grace and rosalind in team-genomics): working hours, GPU sessions,
 * sessions left running and culled for idleness. Every row is flagged `demo` (reports
 * say so) and its id starts with `demo-`.
 *
 * Deterministic and idempotent: each day's sessions come from a generator seeded with
 * the day, and the store remembers when it last seeded, so a second run adds nothing
 * and a run days later adds only the sessions that ended since (keeping the demo
 * current). Sessions still running at `now` are left for a later run.
 *
 * Only for demo installs: the costs plugin calls it when `costs.demoData.enabled` is
 * true, which only app-config.yaml sets.
 */
export async function seedDemoUsage(
  store: Pick<CostsStore, 'upsertSessions' | 'getState' | 'setState'>,
  options: {
    now: Date;
    logger?: LoggerService;
    /** `workspaces.profiles`, for the resources of each profile; app-config's demo ones otherwise. */
    profiles?: WorkspaceProfile[];
  },
): Promise<{ added: number }> {
  const nowMs = options.now.getTime();
  const today = Math.floor(nowMs / MS_PER_DAY) * MS_PER_DAY;
  const firstDay = today - DEMO_DAYS * MS_PER_DAY;

  // The first day of the first seeding: when idle culling "was switched on" counts
  // from it, so that a day's sessions stay the same in later runs.
  const storedEpoch = await store.getState(EPOCH_KEY);
  const epoch = storedEpoch ? Date.parse(storedEpoch) : firstDay;
  if (!storedEpoch) {
    await store.setState(EPOCH_KEY, new Date(epoch).toISOString());
  }
  const lastRun = await store.getState(SEEDED_UNTIL_KEY);
  const lastRunMs = lastRun ? Date.parse(lastRun) : -Infinity;
  // Sessions that ended after the last run started at most a night before it.
  const fromDay = lastRun
    ? Math.max(firstDay, Math.floor(lastRunMs / MS_PER_DAY - 2) * MS_PER_DAY)
    : firstDay;

  const sessions: MeteredSession[] = [];
  for (let day = fromDay; day <= today; day += MS_PER_DAY) {
    for (const session of demoSessionsOfDay(day, {
      dayIndex: Math.round((day - epoch) / MS_PER_DAY),
      profiles: options.profiles,
    })) {
      const endedMs = Date.parse(session.endedAt!);
      if (endedMs <= nowMs && endedMs > lastRunMs) sessions.push(session);
    }
  }
  if (sessions.length > 0) await store.upsertSessions(sessions);
  if (nowMs > lastRunMs) {
    await store.setState(SEEDED_UNTIL_KEY, options.now.toISOString());
  }
  options.logger?.info(
    sessions.length > 0
      ? `Demo usage: added ${
          sessions.length
        } sessions ending up to ${options.now.toISOString()}`
      : 'Demo usage: already seeded',
  );
  return { added: sessions.length };
}
