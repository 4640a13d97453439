import { storeTestDatabases } from '@internal/test-utils';
import request from 'supertest';
import { startDataAccessBackend } from './__testUtils__/dataAccessTestBackend';
import { CLINICAL, GENOMICS, SHARED_VISION, VISION } from './__testUtils__/entities';

jest.setTimeout(120_000);

const databases = storeTestDatabases();
const future = new Date(Date.now() + 30 * 86_400_000).toISOString();

describe.each(databases.eachSupportedId())('data-access grants on %s', databaseId => {
  let backend: Awaited<ReturnType<typeof startDataAccessBackend>>;
  beforeAll(async () => {
    backend = await startDataAccessBackend({ databases, databaseId });
  });
  const post = (path: string, who: string, body: object) =>
    request(backend.server).post(`/api/data-access${path}`).set('authorization', backend.as(who)).send(body);
  const get = (path: string, who: string) =>
    request(backend.server).get(`/api/data-access${path}`).set('authorization', backend.as(who));

  it('answers bad grants with a 4xx that says why', async () => {
    const unknownGroup = await post('/grants', 'margaret', { source: VISION, subject: 'group:default/nobody', access: 'read' });
    expect(unknownGroup.status).toBe(400);
    expect(unknownGroup.body.error.message).toBe(
      'There is no group or user group:default/nobody in the catalog: grant to a group (group:default/<name>) or a person that exists',
    );
    const past = await post('/grants', 'margaret', { source: VISION, subject: 'group:default/team-genomics', access: 'read', expiresAt: '2020-01-31' });
    expect(past.status).toBe(400);
    expect(past.body.error.message).toContain('expiresAt 2020-01-31 is in the past');
    const missing = await post('/grants', 'margaret', { source: 'resource:default/no-such-data', subject: 'group:default/team-genomics', access: 'read' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('There is no data source resource:default/no-such-data in the catalog');
    // An invalid entity (a bucket without its Secret name) says what is wrong with it.
    const invalid = await post('/grants', 'margaret', { source: 'resource:default/broken-bucket', subject: 'group:default/team-genomics', access: 'read' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toBe(
      'resource:default/broken-bucket is not a data source Atrium can use: Data source broken-bucket: spec.dataSource.bucket.secretName must name the Kubernetes Secret with its credentials (Atrium never holds them)',
    );
    const badBody = await post('/grants', 'margaret', { source: 'vision-images', subject: 'team-genomics', access: 'all' });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.message).toMatch(/^Invalid grant: source: must be a resource entity ref.*subject: must be a group or user entity ref.*access: /);
    const noToken = await request(backend.server).post('/api/data-access/grants').send({ source: VISION, subject: 'group:default/team-genomics', access: 'read' });
    expect(noToken.status).toBe(401);
  });

  it('lets the owner who is not an admin grant, change and end access; another data scientist gets 403', async () => {
    const byOther = await post('/grants', 'grace', { source: CLINICAL, subject: 'group:default/team-genomics', access: 'read' });
    expect(byOther.status).toBe(403);
    expect(byOther.body.error.message).toBe(
      'Only the owner of clinical-trials (group:default/team-clinical) or an admin may manage its access',
    );

    const created = await post('/grants', 'carl', { source: CLINICAL, subject: 'group:default/team-vision', access: 'read', expiresAt: future });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ source: CLINICAL, subject: 'group:default/team-vision', access: 'read', grantedBy: 'user:default/carl', expiresAt: future, endedAt: null });
    const again = await post('/grants', 'margaret', { source: CLINICAL, subject: 'Group:default/Team-Vision', access: 'read-write' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('group:default/team-vision already holds read access to clinical-trials');

    const id = created.body.id;
    const otherPatch = await request(backend.server).patch(`/api/data-access/grants/${id}`).set('authorization', backend.as('ada')).send({ access: 'read-write' });
    expect(otherPatch.status).toBe(403);
    const patched = await request(backend.server).patch(`/api/data-access/grants/${id}`).set('authorization', backend.as('carl')).send({ access: 'read-write', expiresAt: null });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ access: 'read-write', expiresAt: null });

    const mine = await get('/matrix', 'ada');
    const row = mine.body.rows.find((r: any) => r.source.ref === CLINICAL);
    expect(row).toMatchObject({ canManage: false, myAccess: 'read-write' });
    expect(mine.body.subjects).toEqual(['group:default/team-vision']);

    const ended = await post(`/grants/${id}/end`, 'carl', { reason: 'study closed' });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ endedBy: 'user:default/carl', endReason: 'study closed' });
    expect((await post(`/grants/${id}/end`, 'carl', {})).status).toBe(409);
    expect((await get('/matrix', 'ada')).body.rows.find((r: any) => r.source.ref === CLINICAL).myAccess).toBeNull();

    const details = await get('/sources/default/clinical-trials', 'carl');
    expect(details.body).toMatchObject({ canManage: true, grants: [], pastGrants: [expect.objectContaining({ id, endReason: 'study closed' })] });
    expect((await get('/sources/default/clinical-trials', 'ada')).body.pastGrants).toEqual([]);
    expect((await get('/sources/default/nothing-here', 'ada')).status).toBe(404);

    const events = backend.auditEvents.filter(e => e.eventId.startsWith('data-access-grant')).map(e => `${e.eventId}:${e.status}`);
    expect(events).toEqual(expect.arrayContaining(['data-access-grant:succeeded', 'data-access-grant-change:succeeded', 'data-access-grant-end:succeeded']));
    expect((await request(backend.server).patch('/api/data-access/grants/no-such-grant').set('authorization', backend.as('margaret')).send({ access: 'read' })).status).toBe(404);
  });

  it("lists a Nebari group's shared folder as read-write for the group, which cannot be ended", async () => {
    const matrix = await get('/matrix?type=shared-folder', 'alan');
    const row = matrix.body.rows.find((r: any) => r.source.ref === SHARED_VISION);
    expect(row.grants).toEqual([expect.objectContaining({ id: `implicit:${SHARED_VISION}`, subject: 'group:default/team-vision', access: 'read-write', implicit: true })]);
    expect(row).toMatchObject({ myAccess: 'read-write', canManage: true });
    const end = await post(`/grants/${encodeURIComponent(`implicit:${SHARED_VISION}`)}/end`, 'margaret', {});
    expect(end.status).toBe(400);
    expect(end.body.error.message).toContain("a group's own shared folder");
    expect((await get('/matrix?sensitivity=confidential', 'grace')).body.rows.map((r: any) => r.source.ref)).toEqual([GENOMICS]);
    expect((await get('/matrix?sensitivity=secret', 'grace')).status).toBe(400);
  });

  it('answers who could read a source on a date from the grants history and the members of their groups (admins only)', async () => {
    const g = await post('/grants', 'margaret', { source: GENOMICS, subject: 'group:default/team-vision', access: 'read' });
    const before = new Date(Date.now() - 60_000).toISOString();
    await post(`/grants/${g.body.id}/end`, 'margaret', {});
    const now = await get(`/who-could-access?source=${GENOMICS}`, 'margaret');
    expect(now.status).toBe(200);
    expect(now.body.people).toEqual([]);
    const then = await get(`/who-could-access?source=${GENOMICS}&at=${encodeURIComponent(new Date(Date.parse(g.body.grantedAt) + 1).toISOString())}`, 'margaret');
    expect(then.body.people).toEqual([
      { user: 'user:default/ada', access: 'read', via: 'group:default/team-vision' },
      { user: 'user:default/alan', access: 'read', via: 'group:default/team-vision' },
    ]);
    expect((await get(`/who-could-access?source=${GENOMICS}&at=${encodeURIComponent(before)}`, 'margaret')).body.grants).toEqual([]);
    // A day: whoever could read it at any time that day (the grant began and ended today).
    const today = new Date().toISOString().slice(0, 10);
    const day = await get(`/who-could-access?source=${GENOMICS}&at=${today}`, 'margaret');
    expect(day.body).toMatchObject({ at: today, grants: [expect.objectContaining({ id: g.body.id })] });
    expect((await get(`/who-could-access?source=${GENOMICS}`, 'carl')).status).toBe(403);
    expect((await get('/who-could-access?source=genomics', 'margaret')).status).toBe(400);
    expect((await get('/held-without-access', 'ada')).status).toBe(403);
  });
});
