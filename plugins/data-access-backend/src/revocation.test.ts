import { mockCredentials } from '@backstage/backend-test-utils';
import { storeTestDatabases } from '@internal/test-utils';
import request from 'supertest';
import { startDataAccessBackend } from './__testUtils__/dataAccessTestBackend';
import { CLINICAL, GENOMICS, VISION } from './__testUtils__/entities';

jest.setTimeout(120_000);

const databases = storeTestDatabases();
const asWorkspaces = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('plugin:workspaces'),
  targetPluginId: 'data-access',
});

/**
 * Ada's running workspace holding the clinical trials (through team vision) and the
 * genomics database (through team genomics, which the workspaces plugin said she was
 * in at launch but the catalog no longer does: she left the group).
 */
async function adaRunsWithData(backend: Awaited<ReturnType<typeof startDataAccessBackend>>) {
  const grant = async (source: string, subject: string) => {
    const res = await request(backend.server)
      .post('/api/data-access/grants')
      .set('authorization', backend.as('margaret'))
      .send({ source, subject, access: 'read' });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const clinical = await grant(CLINICAL, 'group:default/team-vision');
  await grant(GENOMICS, 'group:default/team-genomics');
  const launched = await request(backend.server)
    .post('/api/data-access/launches')
    .set('authorization', asWorkspaces)
    .send({
      user: 'user:default/ada',
      groups: ['group:default/team-vision', 'group:default/team-genomics'],
      workspaceId: 'w-ada',
      hubUser: 'ada',
      server: 'trial',
    });
  expect(launched.body.sources.map((s: any) => s.ref)).toContain(CLINICAL);
  return { clinical };
}

const held = async (backend: Awaited<ReturnType<typeof startDataAccessBackend>>) => {
  const res = await request(backend.server)
    .get('/api/data-access/held-without-access')
    .set('authorization', backend.as('margaret'));
  expect(res.status).toBe(200);
  return res.body.items.map((h: any) => `${h.workspaceId} ${h.source} ${h.action}: ${h.reason}`);
};

describe.each(databases.eachSupportedId())('the revocation task on %s', databaseId => {
  it('lists running workspaces holding data whose grant ended or whose owner left the group (policy list)', async () => {
    const backend = await startDataAccessBackend({ databases, databaseId, policy: 'list' });
    const { clinical } = await adaRunsWithData(backend);
    await backend.revoke();
    // Ada's groups now come from the catalog: she is not in team genomics.
    expect(await held(backend)).toEqual([`w-ada ${GENOMICS} listed: access to genomics-db ended`]);

    await request(backend.server)
      .post(`/api/data-access/grants/${clinical}/end`)
      .set('authorization', backend.as('carl'))
      .send({ reason: 'study closed' });
    await backend.revoke();
    expect(await held(backend)).toEqual([
      `w-ada ${CLINICAL} listed: access to clinical-trials ended`,
      `w-ada ${GENOMICS} listed: access to genomics-db ended`,
    ]);
    expect(backend.stops).toEqual([]);

    // Once the workspace stops holding the data, it leaves the list.
    await request(backend.server).post('/api/data-access/launches/w-ada/end').set('authorization', asWorkspaces).send({});
    await backend.revoke();
    expect(await held(backend)).toEqual([]);
  });

  it('stops such a workspace once, with the reason its owner sees (policy stop)', async () => {
    const backend = await startDataAccessBackend({ databases, databaseId, policy: 'stop' });
    await adaRunsWithData(backend);
    await backend.revoke();
    expect(backend.stops).toEqual([
      { id: 'w-ada', reason: 'access to genomics-db ended', caller: 'plugin:data-access' },
    ]);
    expect(await held(backend)).toEqual([`w-ada ${GENOMICS} stopped: access to genomics-db ended`]);
    await backend.revoke();
    expect(backend.stops).toHaveLength(1);
    const audit = backend.auditEvents.filter(e => e.eventId === 'data-access-revocation');
    expect(audit.map(e => [e.status, (e.meta as any).reason])).toEqual([['succeeded', 'access to genomics-db ended']]);
  });

  it('ends expired grants at their expiry, as audit events', async () => {
    const backend = await startDataAccessBackend({ databases, databaseId });
    const knex = await backend.knex();
    await knex('data_access_grants').insert({
      id: 'g-expiring',
      source: VISION,
      subject: 'group:default/team-genomics',
      access: 'read',
      expires_at: '2026-01-31T00:00:00.000Z',
      granted_by: 'user:default/margaret',
      granted_at: '2026-01-01T00:00:00.000Z',
    });
    await backend.revoke();
    const details = await request(backend.server)
      .get('/api/data-access/sources/default/vision-images')
      .set('authorization', backend.as('alan'));
    expect(details.body.pastGrants).toEqual([
      expect.objectContaining({ id: 'g-expiring', endedAt: '2026-01-31T00:00:00.000Z', endedBy: null, endReason: 'expired' }),
    ]);
    const expired = backend.auditEvents.filter(e => e.eventId === 'data-access-grant-expire');
    expect(expired.map(e => (e.meta as any).grantId)).toEqual(['g-expiring']);
  });
});
