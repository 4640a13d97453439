import type {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';

/**
 * Schedules a task's `run` as task `id` on `schedule` (one replica per tick when its
 * scope is global). A failed run is logged as `<what> skipped: <reason>`; the next
 * tick tries again.
 */
export async function scheduleRuns(
  scheduler: SchedulerService,
  schedule: SchedulerServiceTaskScheduleDefinition,
  task: {
    id: string;
    what: string;
    run: () => Promise<unknown>;
    logger: LoggerService;
  },
) {
  await scheduler.scheduleTask({
    id: task.id,
    ...schedule,
    fn: async () => {
      await task
        .run()
        .catch(error =>
          task.logger.warn(`${task.what} skipped: ${error.message}`),
        );
    },
  });
}
