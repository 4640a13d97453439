import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { ConfigReader, type Config } from '@backstage/config';
import type { JsonObject } from '@backstage/types';

/**
 * A scheduled task's schedule: Backstage's schedule definition read from `key` in the
 * config (`frequency`, `timeout`, `initialDelay`, `scope`, as upstream plugins take
 * them), each field not given there taken from `defaults`.
 *
 * @example
 * readTaskSchedule(config, 'workspaces.reconcile.schedule', {
 *   frequency: { seconds: 30 }, timeout: { seconds: 45 }, scope: 'global' })
 */
export function readTaskSchedule(
  config: Config,
  key: string,
  defaults: SchedulerServiceTaskScheduleDefinition,
): SchedulerServiceTaskScheduleDefinition {
  const section = config.getOptionalConfig(key);
  if (!section) return defaults;
  // Backstage's reader requires frequency and timeout; the defaults fill what is not set.
  const merged = new ConfigReader(
    {
      frequency: defaults.frequency,
      timeout: defaults.timeout,
      ...(section.get() as JsonObject),
    } as JsonObject,
    key,
  );
  const read = readSchedulerServiceTaskScheduleDefinitionFromConfig(merged);
  const given = Object.fromEntries(
    Object.entries(read).filter(([, v]) => v !== undefined),
  );
  return { ...defaults, ...given } as SchedulerServiceTaskScheduleDefinition;
}
