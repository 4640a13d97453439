import { storeTestDatabases } from '@internal/test-utils';
import request from 'supertest';
import { startDataAccessBackend } from './__testUtils__/dataAccessTestBackend';
import { CLINICAL, VISION } from './__testUtils__/entities';

jest.setTimeout(120_000);

const databases = storeTestDatabases();

describe.each(databases.eachSupportedId())('data-access requests on %s', databaseId => {
  let backend: Awaited<ReturnType<typeof startDataAccessBackend>>;
  beforeAll(async () => {
    backend = await startDataAccessBackend({ databases, databaseId });
  });
  const post = (path: string, who: string, body: object = {}) =>
    request(backend.server).post(`/api/data-access${path}`).set('authorization', backend.as(who)).send(body);
  const get = (path: string, who: string) =>
    request(backend.server).get(`/api/data-access${path}`).set('authorization', backend.as(who));
  /** The titles of a person's data-access notifications, as the notifications backend lists them. */
  const notified = async (who: string) => {
    const res = await request(backend.server)
      .get('/api/notifications/notifications?topic=data-access-request')
      .set('authorization', backend.as(who));
    expect(res.status).toBe(200);
    return (res.body.notifications as Array<{ payload: { title: string } }>).map(n => n.payload.title).sort();
  };

  it('answers bad requests with a 4xx that says why', async () => {
    const missing = await post('/requests', 'ada', { source: 'resource:default/nope', access: 'read', reason: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('There is no data source resource:default/nope in the catalog');
    const noReason = await post('/requests', 'ada', { source: VISION, access: 'read', reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toBe('Invalid access request: reason: say why you need the data: the approver reads it');
    const notMine = await post('/requests', 'ada', { source: VISION, access: 'read', reason: 'x', forGroup: 'group:default/team-genomics' });
    expect(notMine.status).toBe(400);
    expect(notMine.body.error.message).toContain('You are not a member of group:default/team-genomics');
    const past = await post('/requests', 'ada', { source: VISION, access: 'read', reason: 'x', expiresAt: '2021-05-01T00:00:00Z' });
    expect(past.status).toBe(400);
    const unknown = await post('/requests/00000000-0000-4000-8000-000000000000/decision', 'margaret', { decision: 'approve' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('There is no access request 00000000-0000-4000-8000-000000000000');
    expect((await post('/requests/not-an-id/withdraw', 'ada')).status).toBe(400);
  });

  it('needs the owner and then an admin to approve access to a restricted source, notifying each side', async () => {
    const asked = await post('/requests', 'ada', { source: CLINICAL, access: 'read', reason: 'trial outcome model', forGroup: 'group:default/team-vision' });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ status: 'pending', requester: 'user:default/ada', forGroup: 'group:default/team-vision' });
    const twice = await post('/requests', 'ada', { source: CLINICAL, access: 'read', reason: 'again' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toContain('You already asked for access to clinical-trials');

    // The owner group and the admins hear of it; nobody else.
    const title = 'ada asks for read access to clinical-trials';
    expect(await notified('carl')).toEqual([title]);
    expect(await notified('margaret')).toEqual([title]);
    expect(await notified('grace')).toEqual([]);

    const id = asked.body.id;
    expect((await get('/requests?scope=to-decide', 'carl')).body.items.map((r: any) => r.id)).toEqual([id]);
    expect((await get('/requests?scope=to-decide', 'grace')).body.items).toEqual([]);
    const byOther = await post(`/requests/${id}/decision`, 'grace', { decision: 'approve' });
    expect(byOther.status).toBe(403);
    expect(byOther.body.error.message).toContain('Only the owner of clinical-trials');

    const byOwner = await post(`/requests/${id}/decision`, 'carl', { decision: 'approve', comment: 'fine by us' });
    expect(byOwner.status).toBe(200);
    expect(byOwner.body).toMatchObject({ status: 'owner-approved', grantId: null, decisions: [expect.objectContaining({ by: 'user:default/carl', as: 'owner' })] });
    expect((await get('/matrix', 'ada')).body.rows.find((r: any) => r.source.ref === CLINICAL).myAccess).toBeNull();
    const ownerAgain = await post(`/requests/${id}/decision`, 'carl', { decision: 'approve' });
    expect(ownerAgain.status).toBe(403);
    expect(ownerAgain.body.error.message).toBe('clinical-trials is restricted: its owner has approved, and an admin must approve too');

    const byAdmin = await post(`/requests/${id}/decision`, 'margaret', { decision: 'approve' });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.status).toBe('approved');
    expect(byAdmin.body.decisions.map((d: any) => d.as)).toEqual(['owner', 'admin']);
    const details = await get('/sources/default/clinical-trials', 'ada');
    expect(details.body.myAccess).toBe('read');
    expect(details.body.grants).toEqual([
      expect.objectContaining({ id: byAdmin.body.grantId, subject: 'group:default/team-vision', requestId: id, grantedBy: 'user:default/margaret' }),
    ]);
    expect(await notified('ada')).toEqual(['Your request for read access to clinical-trials was approved']);
    expect((await post(`/requests/${id}/decision`, 'margaret', { decision: 'refuse' })).status).toBe(409);

    const decisions = backend.auditEvents.filter(e => e.eventId === 'data-access-request-decision' && e.status === 'succeeded');
    expect(decisions.map(e => (e.meta as any).decision)).toEqual(['approve', 'approve']);
  });

  it('lets the owner refuse, raises a grant the group holds when approving more, lets the requester withdraw and nobody else', async () => {
    const asked = await post('/requests', 'grace', { source: VISION, access: 'read-write', reason: 'label the images' });
    expect(asked.status).toBe(201);
    expect(await notified('alan')).toContain('grace asks for read-write access to vision-images');
    const refused = await post(`/requests/${asked.body.id}/decision`, 'alan', { decision: 'refuse', comment: 'ask for read' });
    expect(refused.body.status).toBe('refused');
    expect(await notified('grace')).toEqual(['Your request for read-write access to vision-images was refused']);

    // Asked for a group that holds read already: approving raises that grant.
    const raise = await post('/requests', 'alan', { source: VISION, access: 'read', reason: 'team labels', forGroup: 'group:default/team-vision' });
    const granted = await post(`/requests/${raise.body.id}/decision`, 'margaret', { decision: 'approve' });
    const upgrade = await post('/requests', 'ada', { source: VISION, access: 'read-write', reason: 'team writes labels', forGroup: 'group:default/team-vision' });
    const raised = await post(`/requests/${upgrade.body.id}/decision`, 'alan', { decision: 'approve' });
    expect(raised.body).toMatchObject({ status: 'approved', grantId: granted.body.grantId });
    expect((await get('/sources/default/vision-images', 'ada')).body.grants).toEqual([
      expect.objectContaining({ id: granted.body.grantId, access: 'read-write' }),
    ]);

    const again = await post('/requests', 'grace', { source: VISION, access: 'read', reason: 'look at the images' });
    expect(again.status).toBe(201);
    expect((await post(`/requests/${again.body.id}/withdraw`, 'ada')).status).toBe(403);
    const withdrawn = await post(`/requests/${again.body.id}/withdraw`, 'grace');
    expect(withdrawn.body.status).toBe('withdrawn');
    expect((await get('/requests?scope=mine', 'grace')).body.items.map((r: any) => r.status)).toEqual(['withdrawn', 'refused']);
  });
});
