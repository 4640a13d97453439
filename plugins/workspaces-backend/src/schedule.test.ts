import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { workspacesPlugin } from './plugin';
import { ScheduledTask } from './service/ScheduledTask';

/** What the plugin schedules, from `workspaces.*.schedule` or the defaults. */
async function scheduledWith(workspaces: object) {
  const scheduler = mockServices.scheduler.mock();
  await startTestBackend({
    features: [
      workspacesPlugin,
      scheduler.factory,
      mockServices.rootConfig.factory({ data: { workspaces } }),
    ],
  });
  return Object.fromEntries(
    scheduler.scheduleTask.mock.calls.map(([{ id, fn: _fn, ...rest }]) => [
      id,
      rest,
    ]),
  );
}

describe('workspaces scheduled tasks', () => {
  it('reconciles every 30 s and culls every minute by default, once per tick across replicas', async () => {
    expect(await scheduledWith({})).toEqual({
      'workspaces-reconcile': {
        frequency: { seconds: 30 },
        timeout: { seconds: 45 },
        initialDelay: { seconds: 5 },
        scope: 'global',
      },
      'workspaces-idle-culling': {
        frequency: { minutes: 1 },
        timeout: { minutes: 5 },
        initialDelay: { seconds: 20 },
        scope: 'global',
      },
    });
  });

  it("reads Backstage's schedule definitions from workspaces.reconcile.schedule and workspaces.idleCulling.schedule", async () => {
    const scheduled = await scheduledWith({
      reconcile: { schedule: { frequency: { minutes: 10 } } },
      idleCulling: {
        schedule: { frequency: { seconds: 15 }, timeout: { minutes: 1 } },
      },
    });
    expect(scheduled['workspaces-reconcile']).toEqual({
      frequency: { minutes: 10 },
      timeout: { seconds: 45 },
      initialDelay: { seconds: 5 },
      scope: 'global',
    });
    expect(scheduled['workspaces-idle-culling']).toEqual({
      frequency: { seconds: 15 },
      timeout: { minutes: 1 },
      initialDelay: { seconds: 20 },
      scope: 'global',
    });
  });

  it('logs a failed run and keeps the task scheduled for the next tick', async () => {
    const scheduler = mockServices.scheduler.mock();
    const logger = mockServices.logger.mock();
    class FailingTask extends ScheduledTask<void> {
      constructor() {
        super({ id: 'workspaces-idle-culling', what: 'Idle culling', logger });
      }
      run() {
        return Promise.reject(
          new Error('JupyterHub at http://hub is not answering'),
        );
      }
    }
    await new FailingTask().schedule(scheduler, {
      frequency: { minutes: 1 },
      timeout: { minutes: 5 },
    });
    const [[task]] = scheduler.scheduleTask.mock.calls;
    await expect(
      task.fn(new AbortController().signal),
    ).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      'Idle culling skipped: JupyterHub at http://hub is not answering',
    );
  });
});
