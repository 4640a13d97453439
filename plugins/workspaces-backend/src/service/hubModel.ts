import { readDurationFromConfig, type Config } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import type { WorkspaceProgressEvent } from '@internal/plugin-workspaces-common';
import type {
  DriverServer,
  DriverUser,
} from '@internal/plugin-workspaces-node';

/** A server in JupyterHub's user model (3.x to 5.x). */
export type HubServer = {
  name: string;
  ready: boolean;
  /** 'spawn', 'stop', 'check' (a restarted hub polling its spawners) or later values. */
  pending: string | null;
  /** Relative (`/user/ada/ws/`), or absolute when the hub uses subdomains (5.x). */
  url?: string;
  started?: string | null;
  last_activity?: string | null;
  user_options?: Record<string, unknown>;
  /** 3.0+ with `include_stopped_servers`: false for a stopped named server. */
  stopped?: boolean;
};
export type HubUser = {
  name: string;
  last_activity?: string | null;
  /** Absent when the token lacks `read:servers`: never read as "nothing runs". */
  servers?: Record<string, HubServer>;
};

export function toDriverServer(s: HubServer): DriverServer {
  return {
    name: s.name,
    ready: Boolean(s.ready),
    pending: s.pending ?? null,
    ...(s.url ? { url: s.url } : {}),
    ...(s.started ? { started: s.started } : {}),
    ...(s.last_activity ? { lastActivity: s.last_activity } : {}),
    ...(s.user_options ? { userOptions: s.user_options } : {}),
  };
}

/** The driver's view of a hub user; throws when the hub withheld the servers. */
export function toDriverUser(user: HubUser): DriverUser {
  if (!user.servers || typeof user.servers !== 'object') {
    throw new ServiceUnavailableError(
      `JupyterHub sent user '${user.name}' without servers: Atrium's service token lacks the read:servers scope (see the README, "Connecting JupyterHub")`,
    );
  }
  return {
    name: user.name,
    ...(user.last_activity ? { lastActivity: user.last_activity } : {}),
    servers: Object.values(user.servers).map(toDriverServer),
  };
}

/**
 * Where a browser opens a server: the hub's URL as given when absolute (subdomains, a
 * `progress_ready_hook`), else the public base plus the hub's path.
 */
export function serverUrl(publicBase: string, url: string): string {
  return /^https?:\/\//i.test(url) ? url : `${publicBase}${url}`;
}

/** One event of the hub's progress stream, its URL resolved as `serverUrl` does. */
export function progressEvent(
  event: Partial<WorkspaceProgressEvent>,
  publicBase: string,
): WorkspaceProgressEvent {
  return {
    progress: Number(event.progress ?? 0),
    ...(event.message ? { message: event.message } : {}),
    ...(event.ready ? { ready: true } : {}),
    ...(event.failed ? { failed: true } : {}),
    ...(event.url ? { url: serverUrl(publicBase, event.url) } : {}),
  };
}

/**
 * One page of `GET /users` and where the next starts: `_pagination.next` as the hub
 * gives it (JupyterHub 2.0+ with the pagination media type, which also caps `limit` at
 * its `api_page_max_limit`). A plain array (a hub or proxy that ignored the media type)
 * is paged by the count it actually returned, until an empty page.
 */
export function hubUsersPage(
  body: unknown,
  offset: number,
  limit: number,
): { items: HubUser[]; next?: { offset: number; limit: number } } {
  if (Array.isArray(body)) {
    const items = body as HubUser[];
    return items.length > 0
      ? { items, next: { offset: offset + items.length, limit } }
      : { items };
  }
  const paged = body as {
    items?: HubUser[];
    _pagination?: { next?: { offset?: number; limit?: number } | null };
  };
  if (!Array.isArray(paged?.items)) {
    throw new ServiceUnavailableError(
      'JupyterHub answered the user list with neither a list nor {items, _pagination}',
    );
  }
  const next = paged._pagination?.next;
  return {
    items: paged.items,
    ...(next && typeof next.offset === 'number' && next.offset > offset
      ? { next: { offset: next.offset, limit: Number(next.limit) || limit } }
      : {}),
  };
}

const MS: Record<string, number> = {
  milliseconds: 1,
  seconds: 1000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 604_800_000,
};

/** `workspaces.jupyterhub.requestTimeout` and `.spawnTimeout` in milliseconds. */
export function hubTimeoutsFromConfig(config: Config): {
  requestTimeoutMs?: number;
  spawnTimeoutMs?: number;
} {
  const ms = (key: string) => {
    if (!config.has(key)) return undefined;
    const duration = readDurationFromConfig(config, { key }) as Record<
      string,
      number | undefined
    >;
    return Object.entries(duration).reduce((sum, [unit, n]) => {
      if (!(unit in MS)) {
        throw new Error(`${key}: use weeks, days, hours, minutes or seconds`);
      }
      return sum + (n ?? 0) * MS[unit];
    }, 0);
  };
  const requestTimeoutMs = ms('workspaces.jupyterhub.requestTimeout');
  const spawnTimeoutMs = ms('workspaces.jupyterhub.spawnTimeout');
  return {
    ...(requestTimeoutMs !== undefined ? { requestTimeoutMs } : {}),
    ...(spawnTimeoutMs !== undefined ? { spawnTimeoutMs } : {}),
  };
}
