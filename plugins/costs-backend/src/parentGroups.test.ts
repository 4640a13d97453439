import type { Entity } from '@backstage/catalog-model';
import { storeTestDatabases } from '@internal/test-utils';
import request from 'supertest';
import { startCostsTestBackend } from './__testUtils__/costsTestBackend';

jest.setTimeout(120_000);

const databases = storeTestDatabases();

/** research, over the two teams (sessions record only the teams). */
const research: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'research', namespace: 'default', title: 'Research' },
  spec: { type: 'department', children: ['team-vision', 'team-genomics'] },
};

describe('budgets and quotas on parent groups', () => {
  it('refuses them with a 400 that says why and what to do instead', async () => {
    const { server, as } = await startCostsTestBackend(databases, {
      entities: [research],
    });
    const put = (path: string, body: object) =>
      request(server)
        .put(`/api/costs/${path}`)
        .set('authorization', as('margaret'))
        .send(body);

    const budget = await put('budgets', {
      subjectRef: 'group:default/research',
      monthlyAmount: 1000,
    });
    expect(budget.status).toBe(400);
    expect(budget.body.error.message).toBe(
      'group:default/research has sub-groups (team-vision, team-genomics): costs count each person under the groups they are directly in, so a budget on research would see none of their usage. Set a budget on each sub-group instead',
    );
    const quota = await put('quotas', {
      subjectRef: 'group:default/research',
      maxGpu: 4,
    });
    expect(quota.status).toBe(400);
    expect(quota.body.error.message).toContain('Set a quota on each sub-group');

    // The teams themselves are measured: accepted.
    const team = await put('budgets', {
      subjectRef: 'group:default/team-vision',
      monthlyAmount: 1000,
    });
    expect(team.status).toBe(200);
    const budgets = await request(server)
      .get('/api/costs/budgets')
      .set('authorization', as('margaret'));
    expect(budgets.body.map((b: any) => b.subjectRef)).toEqual([
      'group:default/team-vision',
    ]);
  });
});
