import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  type GetCostAndUsageCommandOutput,
} from '@aws-sdk/client-cost-explorer';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ActualCostSource } from '@internal/plugin-costs-common';
import {
  DEFAULT_PROVIDER_TIMEOUT_MS,
  isAbortOrTimeout,
  MoneyByKey,
  MoneySum,
  messageOf,
  type ActualCostProvider,
  type ActualCostRange,
  failedSource,
} from './ActualCostProvider';
import { userRefForHubLabel } from './hubUsernames';

/**
 * The cost allocation tag that names the person. Atrium's default is the JupyterHub
 * pod label itself, `hub.jupyter.org/username`: EKS split cost allocation data imports
 * pod labels as cost allocation tags under their own key, so the same key (and the
 * same escaped values) work for OpenCost and for the AWS bill. Clusters that tag
 * per-user resources themselves set `costs.aws.tagKey` (e.g. `atrium:user`).
 */
export const DEFAULT_AWS_TAG_KEY = 'hub.jupyter.org/username';

/** Cost Explorer bills $0.01 per request: a runaway paging loop must stop somewhere. */
const MAX_PAGES = 50;

export interface AwsCostExplorerProviderOptions {
  region?: string;
  /** Another endpoint than AWS's (a proxy, or a local server in tests). */
  endpoint?: string;
  /** Static credentials; without them the SDK's default chain (IRSA, instance role, env). */
  accessKeyId?: string;
  secretAccessKey?: string;
  tagKey?: string;
  /** The currency Atrium reports in: amounts in another one are flagged. */
  currency?: string;
  timeoutMs?: number;
  logger?: LoggerService;
}

/**
 * What the AWS account really cost according to Cost Explorer (`UnblendedCost`, daily,
 * grouped by the user tag): what carries a user tag is attributed to that person,
 * untagged spend (control plane, shared nodes, everything else) is not.
 */
export class AwsCostExplorerProvider implements ActualCostProvider {
  readonly name = 'aws';
  readonly title = 'AWS Cost Explorer';
  private readonly client: CostExplorerClient;
  private readonly tagKey: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: AwsCostExplorerProviderOptions) {
    this.tagKey = options.tagKey ?? DEFAULT_AWS_TAG_KEY;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS;
    this.client = new CostExplorerClient({
      // Cost Explorer has one endpoint, in us-east-1, whatever region the cluster is in.
      region: options.region ?? 'us-east-1',
      endpoint: options.endpoint,
      credentials:
        options.accessKeyId && options.secretAccessKey
          ? {
              accessKeyId: options.accessKeyId,
              secretAccessKey: options.secretAccessKey,
            }
          : undefined,
      // One retry for throttling; each page is also bounded by the timeout below.
      maxAttempts: 2,
    });
  }

  async fetch(range: ActualCostRange): Promise<ActualCostSource> {
    const fetchedAt = new Date().toISOString();
    try {
      const total = new MoneySum();
      const attributed = new MoneySum();
      const unattributed = new MoneySum();
      const byKey = new MoneyByKey();
      const units = new Set<string>();

      let nextPageToken: string | undefined;
      let pages = 0;
      do {
        const page = await this.page(range, nextPageToken);
        for (const result of page.ResultsByTime ?? []) {
          for (const group of result.Groups ?? []) {
            const metric = group.Metrics?.UnblendedCost;
            const amount = Number(metric?.Amount ?? 0);
            if (metric?.Unit) units.add(metric.Unit);
            total.add(amount);
            const user = this.userOf(group.Keys?.[0]);
            if (user) {
              attributed.add(amount);
              byKey.add(userRefForHubLabel(user), amount);
            } else {
              unattributed.add(amount);
            }
          }
        }
        nextPageToken = page.NextPageToken;
        pages += 1;
      } while (nextPageToken && pages < MAX_PAGES);

      const source: ActualCostSource = {
        name: this.name,
        title: this.title,
        total: total.value,
        attributed: attributed.value,
        unattributed: unattributed.value,
        byKey: byKey.entries(),
        fetchedAt,
      };
      const foreign = [...units].filter(
        unit => this.options.currency && unit !== this.options.currency,
      );
      if (foreign.length > 0) {
        source.error = `AWS reports amounts in ${foreign.join(
          ', ',
        )}, Atrium is configured for ${
          this.options.currency
        } (costs.currency): the figures are not converted`;
      } else if (nextPageToken) {
        source.error = `AWS Cost Explorer had more than ${MAX_PAGES} pages for this period; the figures cover the first ${MAX_PAGES}`;
      }
      return source;
    } catch (error) {
      const message = this.explain(error);
      this.options.logger?.warn(`AWS Cost Explorer query failed: ${message}`);
      return failedSource(this, message, fetchedAt);
    }
  }

  private async page(
    range: ActualCostRange,
    nextPageToken: string | undefined,
  ): Promise<GetCostAndUsageCommandOutput> {
    const command = new GetCostAndUsageCommand({
      TimePeriod: { Start: range.from, End: range.to },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost'],
      GroupBy: [{ Type: 'TAG', Key: this.tagKey }],
      NextPageToken: nextPageToken,
    });
    try {
      return await this.client.send(command, {
        abortSignal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      if (isAbortOrTimeout(error)) {
        throw new Error(
          `AWS Cost Explorer did not answer within ${this.timeoutMs / 1000} s`,
        );
      }
      throw error;
    }
  }

  /** `"<tagKey>$ada"` -> `ada`; `"<tagKey>$"` (resources without the tag) -> undefined. */
  private userOf(groupKey: string | undefined): string | undefined {
    if (!groupKey) return undefined;
    const dollar = groupKey.indexOf('$');
    const value = dollar >= 0 ? groupKey.slice(dollar + 1) : groupKey;
    return value.length > 0 ? value : undefined;
  }

  private explain(error: unknown): string {
    const name = (error as { name?: string } | undefined)?.name;
    const message = messageOf(error);
    if (name === 'CredentialsProviderError')
      return `No AWS credentials for Cost Explorer (set costs.aws.accessKeyId and secretAccessKey, or give the backend a role): ${message}`;
    const status = (error as { $metadata?: { httpStatusCode?: number } })
      ?.$metadata?.httpStatusCode;
    if (status && name && name !== 'Error')
      return `AWS Cost Explorer refused the request (${status} ${name}): ${message}`;
    return message.startsWith('AWS Cost Explorer')
      ? message
      : `AWS Cost Explorer could not be reached: ${message}`;
  }
}
