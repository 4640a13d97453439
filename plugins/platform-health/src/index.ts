/**
 * Atrium platform health in the frontend: the Platform status page, the cluster
 * overview and the Health tab of platform components.
 *
 * @packageDocumentation
 */
export { platformHealthPlugin as default, isPlatformService } from './plugin';
export { platformHealthApiRef, PlatformHealthClient } from './api';
export type { PlatformHealthApi } from './api';
export {
  UnhealthyServicesHomeContent,
  FiringAlertsHomeContent,
  ProblemPodsHomeContent,
  ClusterCapacityHomeContent,
} from './homeContents';
