import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { ActualCostProvider } from './ActualCostProvider';
import { AwsCostExplorerProvider } from './AwsCostExplorerProvider';
import { OpenCostProvider } from './OpenCostProvider';

/**
 * The actual-spend sources configured under `costs.opencost` and `costs.aws`; none
 * configured gives none (the actual-cost view then shows metered figures only).
 */
export function createActualCostProviders(
  config: Config,
  logger: LoggerService,
): ActualCostProvider[] {
  const providers: ActualCostProvider[] = [];
  const currency = config.getOptionalString('costs.currency') ?? 'USD';

  const opencost = config.getOptionalConfig('costs.opencost');
  if (opencost) {
    const url = opencost.getString('url');
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      throw new Error(
        `costs.opencost.url: '${url}' is not an http(s) URL like http://opencost.opencost:9003`,
      );
    }
    providers.push(
      new OpenCostProvider({
        url,
        usernameLabel: opencost.getOptionalString('usernameLabel'),
        namespace: opencost.getOptionalString('namespace'),
        logger: logger.child({ costSource: 'opencost' }),
      }),
    );
    logger.info(`Actual costs from OpenCost (${new URL(url).host})`);
  }

  const aws = config.getOptionalConfig('costs.aws');
  if (aws) {
    const accessKeyId = aws.getOptionalString('accessKeyId');
    const secretAccessKey = aws.getOptionalString('secretAccessKey');
    if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
      throw new Error(
        'costs.aws: set both accessKeyId and secretAccessKey, or neither (to use the default AWS credential chain)',
      );
    }
    providers.push(
      new AwsCostExplorerProvider({
        region: aws.getOptionalString('region'),
        endpoint: aws.getOptionalString('endpoint'),
        accessKeyId,
        secretAccessKey,
        tagKey: aws.getOptionalString('tagKey'),
        currency,
        logger: logger.child({ costSource: 'aws' }),
      }),
    );
    logger.info('Actual costs from AWS Cost Explorer');
  }
  return providers;
}
