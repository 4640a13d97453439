import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ActualCostSource } from '@internal/plugin-costs-common';
import {
  DEFAULT_PROVIDER_TIMEOUT_MS,
  MoneyByKey,
  MoneySum,
  isAbortOrTimeout,
  messageOf,
  redactUrl,
  type ActualCostProvider,
  type ActualCostRange,
  failedSource,
} from './ActualCostProvider';
import { userRefForHubLabel } from './hubUsernames';

/** The pod label KubeSpawner puts the (escaped) hub user name in. */
export const DEFAULT_USERNAME_LABEL = 'hub.jupyter.org/username';

/**
 * The parts of an OpenCost Allocation this provider reads. OpenCost answers many more
 * (see `__fixtures__/opencost/`); `totalCost` already includes `sharedCost`.
 */
interface OpenCostAllocation {
  name: string;
  totalCost: number | null;
  sharedCost?: number | null;
  properties?: { namespace?: string };
}

/** `GET /allocation` answers one map of allocations per step (one with accumulate). */
interface OpenCostAllocationResponse {
  code: number;
  message?: string;
  data?: Array<Record<string, OpenCostAllocation> | null>;
}

export interface OpenCostProviderOptions {
  /** OpenCost's API, e.g. `http://opencost.opencost:9003` (Kubecost: `.../model`). */
  url: string;
  /** The label holding the hub user name; default `hub.jupyter.org/username`. */
  usernameLabel?: string;
  /** Only this namespace (where JupyterHub runs its users' pods), when set. */
  namespace?: string;
  timeoutMs?: number;
  logger?: LoggerService;
}

/**
 * OpenCost names the allocations it could not give to any value of the aggregate
 * `__unallocated__`, and adds `__idle__` (capacity nobody requested), `__unmounted__`
 * (volumes no pod mounts) and, when costs are shared, `__shared__`.
 */
const isOpenCostPseudoAllocation = (name: string) => /^__\w+__$/.test(name);

/**
 * What the Kubernetes cluster really cost according to OpenCost: all of it, split into
 * what ran under a hub user's label (attributed to that person) and what did not (the
 * hub, the proxy, system pods, idle capacity, shared overhead); and per namespace.
 */
export class OpenCostProvider implements ActualCostProvider {
  readonly name = 'opencost';
  readonly title = 'OpenCost (Kubernetes)';
  private readonly baseUrl: string;
  /** `user:password@` of the configured URL (an ingress with basic auth), sent as a header. */
  private readonly authorization?: string;
  private readonly usernameLabel: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: OpenCostProviderOptions) {
    const url = new URL(options.url);
    if (url.username || url.password) {
      this.authorization = `Basic ${Buffer.from(
        `${decodeURIComponent(url.username)}:${decodeURIComponent(
          url.password,
        )}`,
      ).toString('base64')}`;
      url.username = '';
      url.password = '';
    }
    this.baseUrl = url.toString().replace(/\/+$/, '');
    this.usernameLabel = options.usernameLabel ?? DEFAULT_USERNAME_LABEL;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS;
  }

  async fetch(range: ActualCostRange): Promise<ActualCostSource> {
    const fetchedAt = new Date().toISOString();
    try {
      const [byUser, byNamespace] = await Promise.all([
        this.allocations(range, `label:${this.usernameLabel}`),
        this.allocations(range, 'namespace'),
      ]);

      const total = new MoneySum();
      const attributed = new MoneySum();
      const unattributed = new MoneySum();
      const byKey = new MoneyByKey();
      for (const allocation of byUser) {
        const cost = allocation.totalCost ?? 0;
        total.add(cost);
        if (isOpenCostPseudoAllocation(allocation.name)) {
          unattributed.add(cost);
          continue;
        }
        // Shared overhead spread onto a user's pods is not that user's doing.
        const shared = allocation.sharedCost ?? 0;
        attributed.add(cost - shared);
        unattributed.add(shared);
        byKey.add(userRefForHubLabel(allocation.name), cost - shared);
      }
      const byNamespaceKey = new MoneyByKey();
      for (const allocation of byNamespace) {
        if (isOpenCostPseudoAllocation(allocation.name)) continue;
        byNamespaceKey.add(
          `namespace:${allocation.name}`,
          allocation.totalCost ?? 0,
        );
      }
      return {
        name: this.name,
        title: this.title,
        total: total.value,
        attributed: attributed.value,
        unattributed: unattributed.value,
        byKey: [...byKey.entries(), ...byNamespaceKey.entries()],
        fetchedAt,
      };
    } catch (error) {
      const message = messageOf(error);
      this.options.logger?.warn(`OpenCost allocation query failed: ${message}`);
      return failedSource(this, message, fetchedAt);
    }
  }

  /** One accumulated `/allocation` query over the range, flattened. */
  private async allocations(
    range: ActualCostRange,
    aggregate: string,
  ): Promise<OpenCostAllocation[]> {
    const params = new URLSearchParams({
      window: `${range.from}T00:00:00Z,${range.to}T00:00:00Z`,
      aggregate,
      accumulate: 'true',
    });
    if (this.options.namespace)
      params.set('filter', `namespace:"${this.options.namespace}"`);
    const where = `OpenCost at ${redactUrl(this.baseUrl)}`;

    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}/allocation?${params}`, {
        headers: {
          accept: 'application/json',
          ...(this.authorization ? { authorization: this.authorization } : {}),
        },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      if (isAbortOrTimeout(error)) {
        throw new Error(
          `${where} did not answer within ${this.timeoutMs / 1000} s`,
        );
      }
      throw new Error(`${where} could not be reached: ${messageOf(error)}`);
    }

    let text: string;
    try {
      text = await res.text();
    } catch {
      throw new Error(
        `${where} did not send its answer within ${this.timeoutMs / 1000} s`,
      );
    }
    let body: OpenCostAllocationResponse | undefined;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!res.ok || !body || (body.code !== undefined && body.code !== 200)) {
      const detail = body?.message ?? text.trim().slice(0, 300);
      throw new Error(
        `${where} answered ${res.status} to aggregate=${aggregate}: ${
          detail || res.statusText
        }`,
      );
    }
    if (!Array.isArray(body.data)) {
      throw new Error(
        `${where} answered without allocation data (is the URL OpenCost's API, port 9003?)`,
      );
    }
    return body.data.flatMap(set =>
      set ? Object.entries(set).map(([name, a]) => ({ ...a, name })) : [],
    );
  }
}
