export { platformHealthApiRef } from './PlatformHealthApi';
export type { PlatformHealthApi } from './PlatformHealthApi';
export { PlatformHealthClient } from './PlatformHealthClient';
