import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsBackend from '@backstage/plugin-notifications-backend';
import {
  asUser,
  atriumTestBackendFeatures,
} from '@internal/backend-test-features';
import { NEBARI_SHARED_FOLDER_ANNOTATION } from '@internal/plugin-data-access-common';
// The end-to-end test runs the two plugins this module joins, as the backend does.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import dataAccessPlugin from '@internal/plugin-data-access-backend';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import workspacesPlugin from '@internal/plugin-workspaces-backend';
import {
  onBehalfOfAuthFactory,
  startJupyterHub,
  type StartedJupyterHub,
} from '@internal/test-utils';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import workspacesModuleDataAccess from '.';

jest.setTimeout(180_000);

/**
 * The whole path on real parts: the data-access plugin grants, the workspaces plugin
 * launches through this module, the real Debian JupyterHub applies the signed list with
 * the hub-side hook (dev/jupyterhub/atrium_data_access.py), and the revocation task
 * stops the workspace through the workspaces plugin's policy stop.
 */
const SIGNING_KEY = 'e2e-data-signing-key-0123456789';
const GROUPS: Record<string, string[]> = {
  'user:default/ada': ['group:default/team-vision'],
  'user:default/grace': ['group:default/team-genomics'],
  'user:default/margaret': ['group:default/platform-admins'],
};

const ENTITIES: Entity[] = [
  ...Object.entries(GROUPS).map(([ref, groups]) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: ref.split('/')[1], namespace: 'default' },
    spec: { memberOf: groups.map(g => g.split('/')[1]) },
    relations: groups.map(targetRef => ({ type: 'memberOf', targetRef })),
  })),
  ...['team-vision', 'team-genomics', 'platform-admins'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: Object.entries(GROUPS)
      .filter(([, groups]) => groups.includes(`group:default/${name}`))
      .map(([targetRef]) => ({ type: 'hasMember', targetRef })),
  })),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'shared-team-vision',
      namespace: 'default',
      annotations: { [NEBARI_SHARED_FOLDER_ANNOTATION]: 'team-vision' },
    },
    spec: {
      type: 'shared-folder',
      owner: 'group:default/team-vision',
      dataSource: {
        sensitivity: 'internal',
        volume: {
          persistentVolumeClaim: { claimName: 'jupyterhub-shared' },
          subPath: 'shared/team-vision',
        },
        mountPath: '/shared/team-vision',
      },
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'clinical-trials-2026', namespace: 'default' },
    spec: {
      type: 'shared-folder',
      owner: 'group:default/team-genomics',
      dataSource: {
        sensitivity: 'restricted',
        volume: { persistentVolumeClaim: { claimName: 'clinical-trials-2026' } },
        mountPath: '/data/clinical-trials-2026',
        snapshot: '2026-11-30',
      },
    },
  },
];

let hub: StartedJupyterHub;
let dataRoot: string;
beforeAll(async () => {
  dataRoot = mkdtempSync(path.join(os.tmpdir(), 'atrium-e2e-data-'));
  const team = path.join(dataRoot, 'jupyterhub-shared/shared/team-vision');
  mkdirSync(team, { recursive: true });
  writeFileSync(path.join(team, 'README.md'), '# Team vision\n');
  const snapshot = path.join(dataRoot, 'clinical-trials-2026/.snapshots/2026-11-30');
  mkdirSync(snapshot, { recursive: true });
  writeFileSync(path.join(snapshot, 'visits.csv'), 'patient,visit\n');
  hub = await startJupyterHub({ data: { signingKey: SIGNING_KEY, root: dataRoot } });
});
afterAll(async () => {
  await hub?.stop();
  rmSync(dataRoot, { recursive: true, force: true });
});

async function startBackend() {
  const scheduler = mockServices.scheduler();
  const { server } = await startTestBackend({
    features: [
      workspacesPlugin,
      workspacesModuleDataAccess,
      dataAccessPlugin,
      notificationsBackend,
      createServiceFactory({ service: coreServices.scheduler, deps: {}, factory: () => scheduler }),
      catalogServiceMock.factory({ entities: ENTITIES }),
      onBehalfOfAuthFactory,
      ...atriumTestBackendFeatures({
        groups: GROUPS,
        config: {
          app: { baseUrl: 'http://localhost:3000' },
          dataAccess: { launchSigningKey: SIGNING_KEY, revocation: { policy: 'stop' } },
          workspaces: {
            jupyterhub: { url: hub.url, apiToken: hub.serviceToken },
            profiles: [
              {
                display_name: 'Small Instance',
                slug: 'small',
                default: true,
                kubespawner_override: { cpu_limit: 2, mem_limit: '8G' },
              },
            ],
          },
        },
      }),
    ],
  });
  return { server, revoke: () => scheduler.triggerTask('data-access-revocation') };
}

/** Creates a workspace and follows its start to the end: the workspace as it is then. */
async function launch(server: any, user: string, name: string) {
  const created = await request(server)
    .post('/api/workspaces/workspaces')
    .set('authorization', asUser(user))
    .send({ name, profile: 'small' });
  expect(created.status).toBe(201);
  await request(server)
    .get(`/api/workspaces/workspaces/${created.body.id}/progress`)
    .set('authorization', asUser(user))
    .buffer(true)
    .parse((res, done) => {
      res.on('data', () => {});
      res.on('end', () => done(null, null));
    });
  const after = await request(server)
    .get(`/api/workspaces/workspaces/${created.body.id}`)
    .set('authorization', asUser(user));
  return after.body;
}

/** The Jupyter contents API of a running server, through the hub's proxy. */
const contents = (user: string, server: string, p: string) =>
  fetch(`${hub.url}/user/${user}/${server}/api/contents/${p}?content=1`, {
    headers: { authorization: `token ${hub.serviceToken}` },
  });

describe('data access end to end: grant, launch on the real hub, revoke', () => {
  it("gives a member's workspace the granted folders, previews them, and stops it with the reason once the grant ends", async () => {
    const { server, revoke } = await startBackend();
    const granted = await request(server)
      .post('/api/data-access/grants')
      .set('authorization', asUser('margaret'))
      .send({
        source: 'resource:default/clinical-trials-2026',
        subject: 'group:default/team-vision',
        access: 'read',
      });
    expect(granted.status).toBe(201);

    const preview = await request(server)
      .post('/api/workspaces/launch-preview')
      .set('authorization', asUser('ada'))
      .send({ profile: 'small', name: 'trial' });
    expect(preview.status).toBe(200);
    expect(
      preview.body.facts.filter((f: any) => f.check === 'data-access'),
    ).toEqual([
      expect.objectContaining({ label: 'Data', value: 'clinical-trials-2026 (read-only, restricted)' }),
      expect.objectContaining({ label: 'Data', value: 'shared-team-vision (read-write, internal)' }),
    ]);

    const ws = await launch(server, 'ada', 'trial');
    expect(ws.status).toBe('running');
    const readme = await contents('ada', 'trial', 'shared/team-vision/README.md');
    expect(readme.status).toBe(200);
    expect((await readme.json()).content).toBe('# Team vision\n');
    const visits = await contents('ada', 'trial', 'data/clinical-trials-2026/visits.csv');
    expect(visits.status).toBe(200);

    // Grace is in neither group: her workspace has neither folder.
    const other = await launch(server, 'grace', 'no-trial');
    expect(other.status).toBe('running');
    expect((await contents('grace', 'no-trial', 'shared')).status).toBe(404);
    expect((await contents('grace', 'no-trial', 'data')).status).toBe(404);

    const ended = await request(server)
      .post(`/api/data-access/grants/${granted.body.id}/end`)
      .set('authorization', asUser('margaret'))
      .send({ reason: 'trial closed' });
    expect(ended.status).toBeLessThan(300);
    await revoke();
    const stopped = await request(server)
      .get(`/api/workspaces/workspaces/${ws.id}`)
      .set('authorization', asUser('ada'));
    expect(stopped.body).toMatchObject({
      status: 'stopped',
      statusReason: 'stopped: access to clinical-trials-2026 ended',
    });
    const gone = await fetch(`${hub.apiUrl}/users/ada`, {
      headers: { authorization: `token ${hub.serviceToken}` },
    });
    expect((await gone.json()).servers.trial).toBeUndefined();
    // Grace's workspace held nothing revoked: it runs on.
    const untouched = await request(server)
      .get(`/api/workspaces/workspaces/${other.id}`)
      .set('authorization', asUser('grace'));
    expect(untouched.body.status).toBe('running');
  });
});
