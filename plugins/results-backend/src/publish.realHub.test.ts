import { LocalGitRepositories } from '@internal/local-git';
import { startJupyterHub, storeTestDatabases, type StartedJupyterHub } from '@internal/test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import git from 'isomorphic-git';
import request from 'supertest';
import { startResultsBackend, testEntities } from './__testUtils__/resultsTestBackend';

jest.setTimeout(240_000);

const databases = storeTestDatabases();

function notebook(cells: Array<{ id: string; source: string; text?: string }>) {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3' } },
    cells: cells.map(c => ({
      id: c.id,
      cell_type: 'code',
      metadata: {},
      execution_count: 1,
      source: c.source,
      outputs: c.text
        ? [{ output_type: 'stream', name: 'stdout', text: c.text }]
        : [],
    })),
  };
}

let hub: StartedJupyterHub;
let gitRoot: string;
beforeAll(async () => {
  hub = await startJupyterHub();
});
afterAll(async () => {
  await hub?.stop();
});

describe.each(databases.eachSupportedId())('publishing from a workspace on the real JupyterHub (%s)', databaseId => {
  it('publishes, versions, diffs, shares, comments, reviews and deletes a result', async () => {
    gitRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'results-git-'));
    const repos = new LocalGitRepositories(gitRoot);
    const projectRepo = repos.repository('team-vision', 'cats-vs-dogs');
    const { commitHash: codeCommit } = await repos.create({
      repo: projectRepo,
      files: [{ path: 'README.md', content: Buffer.from('# Cats vs dogs\n') }],
      author: { name: 'ada', email: 'ada@example.com' },
      message: 'Project from template',
    });
    const { server, as, auditEvents } = await startResultsBackend({
      hub,
      gitRoot,
      entities: testEntities(projectRepo.remoteUrl),
      databases,
      databaseId,
      maxNotebookBytes: 200_000,
    });
    const name = `pub-${databaseId.toLowerCase().replace(/_/g, '')}`;

    // Ada's workspace for the project, running on the hub.
    const created = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('ada'))
      .send({ name, profile: 'small', project: 'component:default/cats-vs-dogs' });
    expect(created.status).toBe(201);
    const ws = created.body.id as string;
    await request(server).get(`/api/workspaces/workspaces/${ws}/progress`).set('authorization', as('ada')).buffer(true);
    const running = await request(server).get(`/api/workspaces/workspaces/${ws}`).set('authorization', as('ada'));
    expect(running.body.status).toBe('running');

    // A notebook in her home (the hub's state dir keeps homes/<user>).
    const home = path.join(hub.stateDir, 'homes', 'ada');
    fs.mkdirSync(path.join(home, 'analysis'), { recursive: true });
    const nbPath = path.join(home, 'analysis', 'report.ipynb');
    const v1 = notebook([
      { id: 'load', source: 'import pandas as pd\ndf = pd.read_csv("pets.csv")', text: '1000 rows\n' },
      { id: 'plot', source: 'df.plot()' },
    ]);
    fs.writeFileSync(nbPath, JSON.stringify(v1));
    fs.writeFileSync(path.join(home, 'analysis', 'broken.ipynb'), '{"cells": 3}');

    const listed = await request(server).get(`/api/results/workspaces/${ws}/notebooks`).set('authorization', as('ada'));
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: any) => i.path)).toEqual(
      expect.arrayContaining(['analysis/report.ipynb', 'analysis/broken.ipynb']),
    );
    // Someone else's workspace is not there for Grace.
    const notHers = await request(server).get(`/api/results/workspaces/${ws}/notebooks`).set('authorization', as('grace'));
    expect(notHers.status).toBe(404);
    // The contents routes are for the results plugin only.
    const direct = await request(server).get(`/api/workspaces/workspaces/${ws}/contents`).set('authorization', as('ada'));
    expect(direct.status).toBe(403);

    const publish = (body: object, who = 'ada') =>
      request(server).post('/api/results/results/publish').set('authorization', as(who)).send({ workspaceId: ws, ...body });

    const first = await publish({ path: 'analysis/report.ipynb', message: 'First look', title: 'Pets report', visibility: 'team' });
    expect(first.status).toBe(201);
    const result = first.body.result;
    expect(result).toMatchObject({
      title: 'Pets report',
      projectRef: 'component:default/cats-vs-dogs',
      ownerTeamRef: 'group:default/team-vision',
      repository: 'team-vision/cats-vs-dogs',
      latestVersion: 1,
      visibility: 'team',
      reviewState: 'none',
    });
    expect(first.body.version.provenance).toMatchObject({
      workspaceId: ws,
      workspaceName: name,
      profile: 'small',
      codeCommit,
    });
    // A real commit on the project's repository, holding the notebook.
    const log = await git.log({ fs, gitdir: projectRepo.path, ref: 'main' });
    expect(log[0].oid).toBe(first.body.version.commit);
    expect(log[0].commit.message).toContain(`Atrium-Result: ${result.id}`);
    expect(log[0].commit.parent).toEqual([codeCommit]);
    const { blob } = await git.readBlob({ fs, gitdir: projectRepo.path, oid: log[0].oid, filepath: result.notebookPath });
    expect(JSON.parse(Buffer.from(blob).toString())).toEqual(v1);

    // The same content again: no empty version.
    const again = await publish({ path: 'analysis/report.ipynb', message: 'again', resultId: result.id });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, version: { version: 1 } });
    expect((await git.log({ fs, gitdir: projectRepo.path, ref: 'main' })).length).toBe(2);

    // Version 2: one cell's source changed, one output changed, one cell added.
    const v2 = notebook([
      { id: 'load', source: 'import pandas as pd\ndf = pd.read_csv("pets.csv")', text: '1200 rows\n' },
      { id: 'plot', source: 'df.plot(kind="bar")' },
      { id: 'stats', source: 'df.describe()' },
    ]);
    fs.writeFileSync(nbPath, JSON.stringify(v2));
    const second = await publish({ path: 'analysis/report.ipynb', message: 'Bar chart', resultId: result.id });
    expect(second.status).toBe(201);
    expect(second.body.version.version).toBe(2);

    // Reproduce version 1: a new workspace of the caller with what the version recorded.
    const rerun = await request(server)
      .post(`/api/results/results/${result.id}/versions/1/reproduce`)
      .set('authorization', as('ada'))
      .send({ name: `${name}-again` });
    expect(rerun.status).toBe(201);
    expect(rerun.body.workspaceName).toBe(`${name}-again`);
    const rerunWs = await request(server).get(`/api/workspaces/workspaces/${rerun.body.workspaceId}`).set('authorization', as('ada'));
    expect(rerunWs.body).toMatchObject({ profile: 'small', project: 'component:default/cats-vs-dogs', gitCommit: codeCommit });
    // Once it runs, version 1's notebook is copied into it; nothing is overwritten.
    const rerunId = rerun.body.workspaceId as string;
    await request(server).get(`/api/workspaces/workspaces/${rerunId}/progress`).set('authorization', as('ada')).buffer(true);
    const copy = (who: string, workspaceId = rerunId) =>
      request(server)
        .post(`/api/results/results/${result.id}/versions/1/copy-to-workspace`)
        .set('authorization', as(who))
        .send({ workspaceId });
    // Both engines' runs share the hub and Ada's home: start from an empty folder.
    fs.rmSync(path.join(home, 'results'), { recursive: true, force: true });
    const copied = await copy('ada');
    expect(copied.status).toBe(200);
    expect(copied.body).toEqual({ workspaceId: rerunId, path: 'results/pets-report-v1.ipynb' });
    const onDisk = JSON.parse(fs.readFileSync(path.join(home, 'results', 'pets-report-v1.ipynb'), 'utf8'));
    // nbformat saves multi-line strings as lists of lines.
    const joined = (x: string | string[]) => (Array.isArray(x) ? x.join('') : x);
    expect(onDisk.cells.map((c: any) => joined(c.source))).toEqual(v1.cells.map(c => c.source));
    expect(joined(onDisk.cells[0].outputs[0].text)).toBe('1000 rows\n');
    expect((await copy('ada')).body.path).toBe('results/pets-report-v1-2.ipynb');
    // Alan may read the result (his team's) but the workspace is not his.
    const notHis = await copy('alan');
    expect(notHis.status).toBe(404);
    // Linus may not read the result at all.
    expect((await copy('linus')).status).toBe(404);
    const badWorkspace = await copy('ada', 'not-a-uuid');
    expect(badWorkspace.status).toBe(400);
    expect(badWorkspace.body.error.message).toContain('is not a workspace id');
    await request(server).post(`/api/workspaces/workspaces/${rerunId}/stop`).set('authorization', as('ada'));
    const copyStopped = await copy('ada');
    expect(copyStopped.status).toBe(409);
    expect(copyStopped.body.error.message).toMatch(/start it first/);
    const noVersion = await request(server).post(`/api/results/results/${result.id}/versions/9/reproduce`).set('authorization', as('ada')).send({});
    expect(noVersion.status).toBe(404);
    expect(noVersion.body.error.message).toContain('no version 9');
    const badName = await request(server).post(`/api/results/results/${result.id}/versions/1/reproduce`).set('authorization', as('ada')).send({ name: 'Not OK' });
    expect(badName.status).toBe(400);

    const diff = await request(server).get(`/api/results/results/${result.id}/diff?from=1&to=2`).set('authorization', as('ada'));
    expect(diff.status).toBe(200);
    expect(diff.body.alignment).toBe('ids');
    expect(diff.body.cells.map((c: any) => [c.cellId, c.change, c.sourceChanged, c.outputsChanged])).toEqual([
      ['load', 'changed', false, true],
      ['plot', 'changed', true, false],
      ['stats', 'added', false, false],
    ]);
    const nb1 = await request(server).get(`/api/results/results/${result.id}/versions/1/notebook`).set('authorization', as('ada'));
    expect(nb1.status).toBe(200);
    expect(nb1.body).toEqual(v1);
    const versions = await request(server).get(`/api/results/results/${result.id}/versions`).set('authorization', as('ada'));
    expect(versions.body.items.map((v: any) => [v.version, v.message, v.authorRef])).toEqual([
      [2, 'Bar chart', 'user:default/ada'],
      [1, 'First look', 'user:default/ada'],
    ]);

    // Bad input, each a 4xx naming the problem.
    const broken = await publish({ path: 'analysis/broken.ipynb', message: 'x' });
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toMatch(/not a valid Jupyter notebook .*nbformat is undefined/);
    const gone = await publish({ path: 'analysis/gone.ipynb', message: 'x' });
    expect(gone.status).toBe(404);
    expect(gone.body.error.message).toContain("no file 'analysis/gone.ipynb'");
    fs.writeFileSync(path.join(home, 'analysis', 'big.ipynb'), JSON.stringify(notebook([{ id: 'a', source: 'x'.repeat(300_000) }])));
    const big = await publish({ path: 'analysis/big.ipynb', message: 'x' });
    expect(big.status).toBe(413);
    expect(big.body.error.message).toContain('results.maxNotebookBytes');

    // Team visibility: team-vision reads it, team-genomics does not (list filtered in SQL).
    const read = (who: string) => request(server).get(`/api/results/results/${result.id}`).set('authorization', as(who));
    expect((await read('alan')).status).toBe(200);
    expect((await read('grace')).status).toBe(404);
    const listFor = async (who: string) =>
      (await request(server).get('/api/results/results').set('authorization', as(who))).body.items.map((r: any) => r.id);
    expect(await listFor('alan')).toEqual([result.id]);
    expect(await listFor('grace')).toEqual([]);

    // Shared with Grace by name: she reads it and is notified; only the author shares.
    const notShared = await request(server)
      .put(`/api/results/results/${result.id}/visibility`)
      .set('authorization', as('alan'))
      .send({ visibility: 'everyone' });
    expect(notShared.status).toBe(403);
    const shared = await request(server)
      .put(`/api/results/results/${result.id}/visibility`)
      .set('authorization', as('ada'))
      .send({ visibility: 'named', sharedWith: ['user:default/grace'] });
    expect(shared.status).toBe(200);
    expect(shared.body.sharedWith).toEqual(['user:default/grace']);
    expect((await read('grace')).status).toBe(200);
    expect((await read('alan')).status).toBe(404);
    expect(await listFor('grace')).toEqual([result.id]);
    const notificationsOf = async (who: string, topic: string) =>
      (await request(server).get(`/api/notifications/notifications?topic=${topic}`).set('authorization', as(who))).body.notifications;
    expect(await notificationsOf('grace', 'results-shared')).toEqual([
      expect.objectContaining({ payload: expect.objectContaining({ title: "ada shared the result 'Pets report' with you" }) }),
    ]);

    // Grace comments on a cell of v2: Ada is notified.
    const comment = await request(server)
      .post(`/api/results/results/${result.id}/versions/2/comments`)
      .set('authorization', as('grace'))
      .send({ body: 'Why a bar chart?', cellId: 'plot' });
    expect(comment.status).toBe(201);
    expect((await notificationsOf('ada', 'results-comment'))[0].payload.title).toBe("grace commented on 'Pets report' v2");
    const comments = await request(server).get(`/api/results/results/${result.id}/comments?version=2`).set('authorization', as('ada'));
    expect(comments.body.items).toEqual([expect.objectContaining({ cellId: 'plot', authorRef: 'user:default/grace' })]);

    // Review: Ada asks Grace; Linus cannot see it; Grace approves.
    const asked = await request(server)
      .post(`/api/results/results/${result.id}/reviews`)
      .set('authorization', as('ada'))
      .send({ reviewerRef: 'user:default/grace', message: 'Ready?' });
    expect(asked.status).toBe(201);
    const cannot = await request(server)
      .post(`/api/results/results/${result.id}/reviews`)
      .set('authorization', as('ada'))
      .send({ reviewerRef: 'user:default/linus' });
    expect(cannot.status).toBe(400);
    expect(cannot.body.error.message).toContain('share it with them first');
    const decide = (who: string, decision: string) =>
      request(server)
        .post(`/api/results/results/${result.id}/reviews/${asked.body.id}/decision`)
        .set('authorization', as(who))
        .send({ decision, note: 'Looks right' });
    expect((await decide('linus', 'approved')).status).toBe(404);
    expect((await decide('ada', 'approved')).status).toBe(403);
    expect((await decide('grace', 'approved')).status).toBe(200);
    expect((await decide('grace', 'changes-requested')).status).toBe(409);
    expect((await read('ada')).body.reviewState).toBe('approved');

    // A stopped workspace says so.
    await request(server).post(`/api/workspaces/workspaces/${ws}/stop`).set('authorization', as('ada'));
    const stopped = await publish({ path: 'analysis/report.ipynb', message: 'x', resultId: result.id });
    expect(stopped.status).toBe(409);
    expect(stopped.body.error.message).toContain('start it first');

    // The list, filtered and sorted by the backend; bad input answered with what to send.
    const list = (query: string) => request(server).get(`/api/results/results?${query}`).set('authorization', as('ada'));
    const found = await list('titleContains=PETS&reviewState=approved,requested&sort=title&order=asc&limit=20');
    expect(found.status).toBe(200);
    expect(found.body.items.map((r: { id: string }) => r.id)).toEqual([result.id]);
    expect((await list('q=no%25such&visibility=everyone')).body).toEqual({ items: [], totalCount: 0 });
    const refusals: Array<[string, string]> = [
      ['sort=size', 'Invalid query: sort: one of title, updatedAt, latestVersion, visibility, reviewState, author, project'],
      ['order=up', 'Invalid query: order: asc or desc'],
      ['visibility=team,secret', 'Invalid query: visibility: secret is not one of private, team, named, everyone'],
      ['reviewState=done', 'Invalid query: reviewState: done is not one of none, requested, approved, changes-requested'],
      [`titleContains=${'x'.repeat(101)}`, 'Invalid query: titleContains: must be at most 100 characters'],
      ['limit=500', 'Invalid query: limit: must be at most 200'],
    ];
    for (const [query, message] of refusals) {
      const refused = await list(query);
      expect([query, refused.status, refused.body.error.message]).toEqual([query, 400, message]);
    }

    // Delete: not Grace, the author yes.
    expect((await request(server).delete(`/api/results/results/${result.id}`).set('authorization', as('grace'))).status).toBe(403);
    expect((await request(server).delete(`/api/results/results/${result.id}`).set('authorization', as('ada'))).status).toBe(204);
    expect((await read('ada')).status).toBe(404);

    const ids = auditEvents.map(e => `${e.eventId}:${e.status ?? ''}`);
    expect(ids).toEqual(
      expect.arrayContaining(['result-publish:succeeded', 'result-share:succeeded', 'result-review:succeeded', 'result-delete:succeeded', 'result-publish:failed']),
    );
    await request(server).delete(`/api/workspaces/workspaces/${ws}`).set('authorization', as('ada'));
  });
});
