import type {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';

/**
 * A task `plugin.ts` schedules (like upstream's `NotificationCleaner`): `run()` does
 * one pass; `schedule()` runs it as task `id` on a schedule, once per tick across
 * replicas when its scope is global. A failed run is logged as `<what> skipped:
 * <reason>`; the next tick tries again.
 */
export abstract class ScheduledTask<Result> {
  constructor(
    private readonly task: { id: string; what: string; logger: LoggerService },
  ) {}

  abstract run(): Promise<Result>;

  async schedule(
    scheduler: SchedulerService,
    schedule: SchedulerServiceTaskScheduleDefinition,
  ) {
    await scheduler.scheduleTask({
      id: this.task.id,
      ...schedule,
      fn: async () => {
        await this.run().catch(error =>
          this.task.logger.warn(`${this.task.what} skipped: ${error.message}`),
        );
      },
    });
  }
}
