import { mockCredentials } from '@backstage/backend-test-utils';
import type { LaunchDataPayload } from '@internal/plugin-data-access-common';
import { storeTestDatabases } from '@internal/test-utils';
import { createHmac } from 'node:crypto';
import request from 'supertest';
import { startDataAccessBackend, TEST_SIGNING_KEY } from './__testUtils__/dataAccessTestBackend';
import { CLINICAL, GENOMICS, SHARED_VISION, VISION } from './__testUtils__/entities';

jest.setTimeout(120_000);

const databases = storeTestDatabases();
const asPlugin = (id: string) =>
  mockCredentials.service.header({ onBehalfOf: mockCredentials.service(`plugin:${id}`), targetPluginId: 'data-access' });
const adaLaunch = (extra: object = {}) => ({
  user: 'user:default/ada',
  groups: ['group:default/team-vision'],
  workspaceId: 'w-ada-1',
  hubUser: 'ada',
  server: 'analysis',
  ...extra,
});

describe.each(databases.eachSupportedId())('data-access launches on %s', databaseId => {
  let backend: Awaited<ReturnType<typeof startDataAccessBackend>>;
  beforeAll(async () => {
    backend = await startDataAccessBackend({ databases, databaseId });
    // Team vision reads the clinical trials (restricted) and Ada alone the genomics database.
    for (const [source, subject] of [[CLINICAL, 'group:default/team-vision'], [GENOMICS, 'user:default/ada']]) {
      const res = await request(backend.server)
        .post('/api/data-access/grants')
        .set('authorization', backend.as('margaret'))
        .send({ source, subject, access: 'read' });
      if (res.status !== 201) throw new Error(`grant refused: ${JSON.stringify(res.body)}`);
    }
  });
  const launch = (path: string, body: object, who = asPlugin('workspaces')) =>
    request(backend.server).post(`/api/data-access${path}`).set('authorization', who).send(body);

  it('answers the workspaces plugin only', async () => {
    const asUser = await launch('/launches/preview', adaLaunch(), backend.as('ada'));
    expect(asUser.status).toBe(403);
    expect(asUser.body.error.message).toBe('This route is for backend services only (the workspaces plugin)');
    const asOther = await launch('/launches', adaLaunch(), asPlugin('results'));
    expect(asOther.status).toBe(403);
    expect(asOther.body.error.message).toBe('Only the workspaces plugin may call this route, not plugin:results');
    const bad = await launch('/launches', { ...adaLaunch(), groups: ['team-vision'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('groups.0: must be a group entity ref');
    expect((await launch('/launches', adaLaunch({ workspaceId: '' }))).status).toBe(400);
  });

  it('gives what the person may use now, signed for the hub (HMAC-SHA256 under the shared key), naming Secrets only', async () => {
    const preview = await launch('/launches/preview', adaLaunch({ workspaceId: '' }));
    expect(preview.status).toBe(200);
    expect(preview.body.sources.map((s: any) => s.ref)).toEqual([CLINICAL, GENOMICS, SHARED_VISION]);
    expect(preview.body.signed).toBeUndefined();

    const recorded = await launch('/launches', adaLaunch());
    expect(recorded.status).toBe(200);
    const { payload, signature } = recorded.body.signed;
    expect(signature).toBe(createHmac('sha256', TEST_SIGNING_KEY).update(payload).digest('hex'));
    const data: LaunchDataPayload = JSON.parse(payload);
    expect(data).toMatchObject({ v: 1, user: 'ada', server: 'analysis' });
    const ttl = Date.parse(data.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(9 * 60_000);
    expect(ttl).toBeLessThanOrEqual(10 * 60_000);
    expect(data.sources).toEqual([
      {
        ref: CLINICAL, name: 'clinical-trials', type: 'shared-folder', access: 'read', sensitivity: 'restricted', snapshot: '2026-11-30',
        volume: { name: 'atrium-data-clinical-trials', nfs: { server: 'nfs.data.svc', path: '/exports/clinical-trials', readOnly: true } },
        mountPath: '/data/clinical-trials',
        subPath: '.snapshots/2026-11-30',
      },
      {
        ref: GENOMICS, name: 'genomics-db', type: 'database', access: 'read', sensitivity: 'confidential',
        env: { ATRIUM_DATA_GENOMICS_DB_HOST: 'pg.data.svc', ATRIUM_DATA_GENOMICS_DB_PORT: '5432', ATRIUM_DATA_GENOMICS_DB_DATABASE: 'genomics' },
        secretNames: ['genomics-db-credentials'],
      },
      {
        ref: SHARED_VISION, name: 'shared-team-vision', type: 'shared-folder', access: 'read-write', sensitivity: 'internal',
        volume: { name: 'atrium-data-shared-team-vision', persistentVolumeClaim: { claimName: 'jupyterhub-shared', readOnly: false } },
        mountPath: '/shared/team-vision',
        subPath: 'shared/team-vision',
      },
    ]);
    const audit = backend.auditEvents.find(e => e.eventId === 'data-access-launch' && e.status === 'succeeded');
    expect((audit?.meta as any).sources.map((s: any) => s.ref)).toEqual([CLINICAL, GENOMICS, SHARED_VISION]);

    // Grace (team genomics) gets nothing: no signed list, no audit event.
    const before = backend.auditEvents.filter(e => e.eventId === 'data-access-launch').length;
    const grace = await launch('/launches', { user: 'user:default/grace', groups: ['group:default/team-genomics'], workspaceId: 'w-grace', hubUser: 'grace', server: 'x' });
    expect(grace.body).toEqual({ sources: [], withheld: [] });
    expect(backend.auditEvents.filter(e => e.eventId === 'data-access-launch').length).toBe(before);
  });

  it('reproduces with the recorded snapshots, and withholds what the person may no longer use, saying why', async () => {
    const knex = await backend.knex();
    await knex('data_access_launches').insert({
      id: 'l-orig',
      workspace_id: 'w-original',
      user: 'user:default/ada',
      sources: JSON.stringify([
        { ref: CLINICAL, access: 'read', snapshot: '2026-10-31' },
        { ref: VISION, access: 'read' },
      ]),
      launched_at: '2026-11-01T10:00:00.000Z',
      ended_at: '2026-11-01T12:00:00.000Z',
    });
    const res = await launch('/launches', adaLaunch({ workspaceId: 'w-repro', reproducedFrom: 'w-original' }));
    expect(res.status).toBe(200);
    expect(res.body.withheld).toEqual([
      { ref: VISION, name: 'vision-images', reason: 'you no longer have access to vision-images' },
    ]);
    const clinical = res.body.sources.find((s: any) => s.ref === CLINICAL);
    expect(clinical).toMatchObject({ snapshot: '2026-10-31', subPath: '.snapshots/2026-10-31' });
    expect(JSON.parse(res.body.signed.payload).sources.find((s: any) => s.ref === CLINICAL).snapshot).toBe('2026-10-31');
    // Ada learns what her reproduction started without, even without a launch dialog.
    const inbox = await request(backend.server)
      .get('/api/notifications/notifications?topic=data-access-launch')
      .set('authorization', backend.as('ada'));
    expect(inbox.status).toBe(200);
    expect(inbox.body.notifications.map((n: any) => n.payload)).toEqual([
      expect.objectContaining({
        title: 'Workspace analysis started without vision-images',
        description:
          "vision-images: you no longer have access to vision-images. Request access again on the data source's page, then restart the workspace.",
        link: '/catalog/default/resource/vision-images',
      }),
    ]);

    const ended = await launch('/launches/w-repro/end', {});
    expect(ended.status).toBe(204);
    expect((await launch('/launches/w-repro/end', {})).status).toBe(204);
    const open = await knex('data_access_launches').where({ workspace_id: 'w-repro' }).whereNull('ended_at');
    expect(open).toEqual([]);
  });
});

describe('a hub without dataAccess.launchSigningKey', () => {
  it('gives no data, and the preview says why', async () => {
    const backend = await startDataAccessBackend({ databases, databaseId: 'SQLITE_3', signingKey: null });
    const res = await request(backend.server)
      .post('/api/data-access/launches')
      .set('authorization', asPlugin('workspaces'))
      .send(adaLaunch());
    expect(res.status).toBe(200);
    expect(res.body.sources).toEqual([]);
    expect(res.body.signed).toBeUndefined();
    expect(res.body.withheld).toEqual([
      { ref: SHARED_VISION, name: 'shared-team-vision', reason: 'the hub is not set up for data access (dataAccess.launchSigningKey)' },
    ]);
  });
});
