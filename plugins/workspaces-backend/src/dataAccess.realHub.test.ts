import { startJupyterHub, type StartedJupyterHub } from '@internal/test-utils';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JupyterHubDriver } from './service/JupyterHubDriver';

jest.setTimeout(120_000);

/**
 * The hub-side hook (dev/jupyterhub/atrium_data_access.py) on the real Debian JupyterHub
 * with its local spawner: what the portal signs is what the workspace sees, read-only
 * where the grant is, and a list the portal did not sign for this spawn fails it.
 */
const SIGNING_KEY = 'test-data-signing-key';
let hub: StartedJupyterHub;
let driver: JupyterHubDriver;
let dataRoot: string;
beforeAll(async () => {
  dataRoot = mkdtempSync(path.join(os.tmpdir(), 'atrium-hub-data-'));
  const teamFolder = path.join(dataRoot, 'jupyterhub-shared/shared/team-vision');
  mkdirSync(teamFolder, { recursive: true });
  writeFileSync(path.join(teamFolder, 'README.md'), '# Team vision shared folder\n');
  const snapshot = path.join(dataRoot, 'clinical-trials-2026/.snapshots/2026-11-30');
  mkdirSync(snapshot, { recursive: true });
  writeFileSync(path.join(snapshot, 'visits.csv'), 'patient,visit\np-001,2026-01-12\n');
  hub = await startJupyterHub({ data: { signingKey: SIGNING_KEY, root: dataRoot } });
  driver = new JupyterHubDriver({ url: hub.url, apiToken: hub.serviceToken });
});
afterAll(async () => {
  await hub?.stop();
  rmSync(dataRoot, { recursive: true, force: true });
});

const teamVision = {
  ref: 'resource:default/team-vision-shared',
  name: 'team-vision-shared',
  type: 'shared-folder',
  access: 'read-write',
  sensitivity: 'internal',
  volume: {
    name: 'atrium-data-team-vision-shared',
    persistentVolumeClaim: { claimName: 'jupyterhub-shared' },
  },
  subPath: 'shared/team-vision',
  mountPath: '/shared/team-vision',
};
const clinicalTrials = {
  ref: 'resource:default/clinical-trials-2026',
  name: 'clinical-trials-2026',
  type: 'shared-folder',
  access: 'read',
  sensitivity: 'restricted',
  snapshot: '2026-11-30',
  volume: {
    name: 'atrium-data-clinical-trials-2026',
    persistentVolumeClaim: { claimName: 'clinical-trials-2026' },
  },
  subPath: '.snapshots/2026-11-30',
  mountPath: '/data/clinical-trials-2026',
};

/** The `atrium_data` user option as the data-access backend signs it. */
function signed(
  payload: { user: string; server: string; expiresAt?: string; sources: object[] },
  key = SIGNING_KEY,
) {
  const json = JSON.stringify({
    v: 1,
    expiresAt: new Date(Date.now() + 5 * 60_000).toISOString(),
    ...payload,
  });
  return {
    payload: json,
    signature: createHmac('sha256', key).update(json).digest('hex'),
  };
}

/** Starts a named server and follows its progress: the last event (ready or failed). */
async function spawn(user: string, server: string, userOptions: object) {
  await driver.ensureUser(user);
  await driver.startServer(user, server, { profile: 'small', ...userOptions });
  let last: { ready?: boolean; failed?: boolean; message?: string } = {};
  for await (const event of driver.progress(user, server)) last = event;
  return last;
}

/** The Jupyter contents API of a running server, through the hub's proxy. */
function contents(user: string, server: string, p: string, init: RequestInit = {}) {
  return fetch(`${hub.url}/user/${user}/${server}/api/contents/${p}`, {
    ...init,
    headers: {
      authorization: `token ${hub.serviceToken}`,
      'content-type': 'application/json',
    },
  });
}

const textFile = (content: string) =>
  JSON.stringify({ type: 'file', format: 'text', content });

describe('data access on the real JupyterHub (hub-side hook, local spawner)', () => {
  it("gives a member's workspace the granted folders, read-only where the grant is, and takes them back at the next start", async () => {
    const options = {
      atrium_data: signed({
        user: 'ada',
        server: 'with-data',
        sources: [teamVision, clinicalTrials],
      }),
    };
    expect(await spawn('ada', 'with-data', options)).toMatchObject({ ready: true });

    const readme = await driver.readFile('ada', 'with-data', 'shared/team-vision/README.md', 10_000);
    expect(readme).toMatchObject({ content: '# Team vision shared folder\n' });
    const visits = await driver.readFile(
      'ada',
      'with-data',
      'data/clinical-trials-2026/visits.csv',
      10_000,
    );
    expect(visits).toMatchObject({ content: 'patient,visit\np-001,2026-01-12\n' });

    // Read-write: the file lands in the shared folder itself.
    const saved = await contents('ada', 'with-data', 'shared/team-vision/notes.txt', {
      method: 'PUT',
      body: textFile('seen from the workspace\n'),
    });
    expect(saved.status).toBe(201);
    expect(
      readFileSync(path.join(dataRoot, 'jupyterhub-shared/shared/team-vision/notes.txt'), 'utf8'),
    ).toBe('seen from the workspace\n');

    // Read-only: the server cannot save there, and the folder is unchanged.
    const refused = await contents('ada', 'with-data', 'data/clinical-trials-2026/edited.csv', {
      method: 'PUT',
      body: textFile('p-002,2026-02-01\n'),
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(await refused.text()).toMatch(/Read-only file system|Permission denied/);
    const listing = await contents('ada', 'with-data', 'data/clinical-trials-2026');
    expect(
      ((await listing.json()).content as { name: string }[]).map(f => f.name),
    ).toEqual(['visits.csv']);

    // The hub keeps the spawner across starts: a start without data gets none.
    await driver.stopServer('ada', 'with-data');
    await waitUntilStopped('ada', 'with-data');
    expect(await spawn('ada', 'with-data', {})).toMatchObject({ ready: true });
    const after = await contents('ada', 'with-data', 'shared/team-vision/README.md');
    expect(after.status).toBe(404);
    await driver.stopServer('ada', 'with-data');
  });

  it("gives a workspace launched without data no such folder", async () => {
    expect(await spawn('grace', 'no-data', {})).toMatchObject({ ready: true });
    const shared = await contents('grace', 'no-data', 'shared/team-vision');
    expect(shared.status).toBe(404);
    const data = await contents('grace', 'no-data', 'data');
    expect(data.status).toBe(404);
    await driver.stopServer('grace', 'no-data');
  });

  it("creates a group's folder missing in its volume, as the kubelet does for a subPath, and fails for a volume the hub does not have", async () => {
    const opsFolder = {
      ...teamVision,
      name: 'shared-platform-ops',
      subPath: 'shared/platform-ops',
      mountPath: '/shared/platform-ops',
    };
    expect(
      await spawn('linus', 'ops', {
        atrium_data: signed({ user: 'linus', server: 'ops', sources: [opsFolder] }),
      }),
    ).toMatchObject({ ready: true });
    const listing = await contents('linus', 'ops', 'shared/platform-ops');
    expect(listing.status).toBe(200);
    expect((await listing.json()).content).toEqual([]);
    await driver.stopServer('linus', 'ops');

    const missing = await spawn('linus', 'missing', {
      atrium_data: signed({
        user: 'linus',
        server: 'missing',
        sources: [
          {
            ...clinicalTrials,
            volume: { persistentVolumeClaim: { claimName: 'not-provisioned' } },
          },
        ],
      }),
    });
    expect(missing).toMatchObject({ failed: true });
    expect(missing.message).toContain(
      `clinical-trials-2026: no folder ${dataRoot}/not-provisioned on this hub`,
    );
  });

  it('fails the spawn of a data list that is forged, for someone else, or expired', async () => {
    const forged = await spawn('grace', 'forged', {
      atrium_data: signed(
        { user: 'grace', server: 'forged', sources: [clinicalTrials] },
        'a-key-the-portal-does-not-have',
      ),
    });
    expect(forged).toMatchObject({ failed: true });
    expect(forged.message).toContain('not signed by the portal (bad signature)');

    // Ada's genuine list, replayed for grace's server.
    const foreign = await spawn('grace', 'foreign', {
      atrium_data: signed({ user: 'ada', server: 'foreign', sources: [clinicalTrials] }),
    });
    expect(foreign).toMatchObject({ failed: true });
    expect(foreign.message).toContain(
      'the data list is for ada/foreign, not grace/foreign',
    );

    const expired = await spawn('grace', 'expired', {
      atrium_data: signed({
        user: 'grace',
        server: 'expired',
        expiresAt: new Date(Date.now() - 1000).toISOString(),
        sources: [clinicalTrials],
      }),
    });
    expect(expired).toMatchObject({ failed: true });
    expect(expired.message).toContain('the data list expired at');
  });
});

async function waitUntilStopped(user: string, server: string) {
  for (let i = 0; i < 100; i++) {
    const found = (await driver.getUser(user))?.servers.find(s => s.name === server);
    if (!found) return;
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`${user}/${server} did not stop`);
}
