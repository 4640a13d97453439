import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { workspacesPlugin } from './plugin';

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
});
