import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';

/**
 * Runs a template through a test backend's scaffolder API as `user` to its end; returns
 * the task, its log (the messages joined) and the template's output.
 */
export async function runTemplateOn(
  server: any,
  values: Record<string, unknown>,
  template: string,
  user = 'ada',
) {
  const as = mockCredentials.user.header(`user:default/${user}`);
  const created = await request(server)
    .post('/api/scaffolder/v2/tasks')
    .set('authorization', as)
    .send({ templateRef: `template:default/${template}`, values });
  expect(created.status).toBe(201);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const task = await request(server)
      .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
      .set('authorization', as);
    if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
      const events = await request(server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
        .set('authorization', as);
      const items = events.body as Array<{
        type: string;
        body: { message?: string; output?: any };
      }>;
      const log = items.map(e => e.body.message ?? '').join('\n');
      const output = items.find(e => e.type === 'completion')?.body.output;
      return { task: task.body, log, output };
    }
    if (Date.now() > deadline)
      throw new Error('the task did not finish in 60 s');
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}
