export type { ActualCostProvider, ActualCostRange } from './ActualCostProvider';
export { DEFAULT_PROVIDER_TIMEOUT_MS } from './ActualCostProvider';
export { createActualCostProviders } from './createActualCostProviders';
export {
  OpenCostProvider,
  DEFAULT_USERNAME_LABEL,
  type OpenCostProviderOptions,
} from './OpenCostProvider';
export {
  AwsCostExplorerProvider,
  DEFAULT_AWS_TAG_KEY,
  type AwsCostExplorerProviderOptions,
} from './AwsCostExplorerProvider';
export { unescapeHubUsername, userRefForHubLabel } from './hubUsernames';
