import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AwsCostExplorerProvider } from './AwsCostExplorerProvider';
import { createActualCostProviders } from './createActualCostProviders';
import { OpenCostProvider } from './OpenCostProvider';

const logger = mockServices.logger.mock();

describe('createActualCostProviders', () => {
  it('creates none when neither source is configured', () => {
    expect(
      createActualCostProviders(
        new ConfigReader({ costs: { currency: 'EUR' } }),
        logger,
      ),
    ).toEqual([]);
    expect(createActualCostProviders(new ConfigReader({}), logger)).toEqual([]);
  });

  it('creates OpenCost and AWS providers from their config', () => {
    const providers = createActualCostProviders(
      new ConfigReader({
        costs: {
          opencost: { url: 'http://opencost.opencost:9003' },
          aws: {
            region: 'eu-west-1',
            accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
            secretAccessKey: 'secret',
            tagKey: 'atrium:user',
          },
        },
      }),
      logger,
    );
    expect(providers.map(p => p.name)).toEqual(['opencost', 'aws']);
    expect(providers[0]).toBeInstanceOf(OpenCostProvider);
    expect(providers[1]).toBeInstanceOf(AwsCostExplorerProvider);
  });

  it('refuses half a pair of AWS credentials', () => {
    expect(() =>
      createActualCostProviders(
        new ConfigReader({ costs: { aws: { accessKeyId: 'AKIA' } } }),
        logger,
      ),
    ).toThrow(/set both accessKeyId and secretAccessKey, or neither/);
  });

  it('refuses an OpenCost URL that is not one', () => {
    expect(() =>
      createActualCostProviders(
        new ConfigReader({ costs: { opencost: { url: 'opencost:9003' } } }),
        logger,
      ),
    ).toThrow(
      "costs.opencost.url: 'opencost:9003' is not an http(s) URL like http://opencost.opencost:9003",
    );
  });

  it('refuses an OpenCost section without a URL', () => {
    expect(() =>
      createActualCostProviders(
        new ConfigReader({ costs: { opencost: { usernameLabel: 'x' } } }),
        logger,
      ),
    ).toThrow(/costs\.opencost\.url/);
  });
});
