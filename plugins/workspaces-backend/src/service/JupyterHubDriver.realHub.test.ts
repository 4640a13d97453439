import { startJupyterHub, type StartedJupyterHub } from '@internal/test-utils';
import { JupyterHubDriver } from './JupyterHubDriver';

jest.setTimeout(120_000);

let hub: StartedJupyterHub;
beforeAll(async () => {
  hub = await startJupyterHub();
});
afterAll(async () => {
  await hub?.stop();
});

describe('JupyterHubDriver against the real JupyterHub', () => {
  it('deletes the workspace of someone the hub has never seen (its DELETE answers 500) (found by the input fuzz test)', async () => {
    const driver = new JupyterHubDriver({
      url: hub.url,
      apiToken: hub.serviceToken,
    });
    // What JupyterHub 3.0 itself answers: why the driver must look before it reports.
    const raw = await fetch(`${hub.apiUrl}/users/never-seen/servers/ws`, {
      method: 'DELETE',
      headers: {
        authorization: `token ${hub.serviceToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ remove: true }),
    });
    expect(raw.status).toBe(500);
    await expect(
      driver.deleteServer('never-seen', 'ws'),
    ).resolves.toBeUndefined();
    expect(await driver.getUser('never-seen')).toBeUndefined();

    // A hub user whose named server was never started: the hub says 404, also gone.
    await driver.ensureUser('ada');
    await expect(
      driver.deleteServer('ada', 'never-started'),
    ).resolves.toBeUndefined();
  });
});
