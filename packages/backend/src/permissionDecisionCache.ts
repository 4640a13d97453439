import {
  coreServices,
  createServiceFactory,
  type BackstageCredentials,
  type PermissionsService,
} from '@backstage/backend-plugin-api';
import type {
  AuthorizePermissionRequest,
  AuthorizePermissionResponse,
  PolicyDecision,
  QueryPermissionRequest,
  QueryPermissionResponse,
} from '@backstage/plugin-permission-common';
import { ServerPermissionClient } from '@backstage/plugin-permission-node';
import { BoundedTtlMap, userTokenKey } from '@internal/backend-route-kit';

/**
 * How long a user's decision on a basic permission is reused. Every route checks a
 * permission, and each check is an HTTP call to the permission backend with a token
 * signed for it (ES256) and verified there: a third of a simple route's CPU under load
 * (issue #16, `bench/load.mjs`). A decision depends only on who the token says the user
 * is and on the role assignments, which the policy's roles client already caches for
 * 5 s; two seconds more is the most a role change can wait for.
 */
export const DECISION_TTL_MS = 2_000;
/** Decisions kept at most (oldest dropped first): a few per signed-in person. */
export const MAX_DECISIONS = 20_000;

/**
 * The permissions service, reusing a user token's decisions for `ttlMs`: basic
 * permissions, and conditional decisions on resource permissions. Only user
 * tokens are cached, keyed by `userTokenKey` (the token itself);
 * checks of one resource, service callers and failures go to the permission backend
 * every time.
 */
export class DecisionCachingPermissionsService implements PermissionsService {
  private readonly decisions: BoundedTtlMap<PolicyDecision>;

  constructor(
    private readonly inner: PermissionsService,
    options: {
      ttlMs?: number;
      maxEntries?: number;
      now?: () => number;
    } = {},
  ) {
    this.decisions = new BoundedTtlMap({
      ttlMs: options.ttlMs ?? DECISION_TTL_MS,
      maxEntries: options.maxEntries ?? MAX_DECISIONS,
      now: options.now,
    });
  }

  authorize(
    requests: AuthorizePermissionRequest[],
    options: { credentials: BackstageCredentials },
  ): Promise<AuthorizePermissionResponse[]> {
    return this.cached(
      'decision',
      requests,
      options,
      r => r.resourceRef === undefined && r.permission.type === 'basic',
      asked => this.inner.authorize(asked, options),
    );
  }

  /**
   * Conditional decisions (what the catalog asks before every read) depend on the
   * same two things: the conditions are applied to the data at each read.
   */
  authorizeConditional(
    requests: QueryPermissionRequest[],
    options: { credentials: BackstageCredentials },
  ): Promise<QueryPermissionResponse[]> {
    return this.cached(
      'conditional',
      requests,
      options,
      () => true,
      asked => this.inner.authorizeConditional(asked, options),
    );
  }

  private async cached<
    R extends { permission: { name: string } },
    D extends PolicyDecision,
  >(
    kind: string,
    requests: R[],
    options: { credentials: BackstageCredentials },
    cacheable: (request: R) => boolean,
    ask: (requests: R[]) => Promise<D[]>,
  ): Promise<D[]> {
    const token = userTokenKey(options.credentials);
    if (!token) return ask(requests);
    const now = this.decisions.now();
    const keys = requests.map(r =>
      cacheable(r)
        ? `${kind}\u0000${token}\u0000${r.permission.name}`
        : undefined,
    );
    const results: D[] = new Array(requests.length);
    const asked: number[] = [];
    keys.forEach((key, i) => {
      const hit = key === undefined ? undefined : this.decisions.get(key, now);
      // Copies, both ways: callers may change what they get (the scaffolder reduces a
      // conditional decision's conditions in place), and must not change what is kept.
      if (hit) results[i] = structuredClone(hit as D);
      else asked.push(i);
    });
    if (asked.length === 0) return results;
    const decisions = await ask(asked.map(i => requests[i]));
    asked.forEach((i, j) => {
      results[i] = decisions[j];
      const key = keys[i];
      if (key !== undefined)
        this.decisions.set(key, structuredClone(decisions[j]), now);
    });
    return results;
  }
}

/**
 * Backstage's permissions service (the default factory's ServerPermissionClient),
 * wrapped in the decision cache above.
 */
export const decisionCachingPermissionsServiceFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {
    auth: coreServices.auth,
    config: coreServices.rootConfig,
    discovery: coreServices.discovery,
  },
  async factory({ auth, config, discovery }) {
    return new DecisionCachingPermissionsService(
      ServerPermissionClient.fromConfig(config, { auth, discovery }),
    );
  },
});
