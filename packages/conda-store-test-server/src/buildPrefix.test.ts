import { startCondaStoreTestServer, type CondaStoreTestServer } from './index';

/** A completed build's prefix (its DIRECTORY artifact) and DELETE /api/v1/build/{id}/. */
describe('conda-store test server: build prefixes and deletion', () => {
  let server: CondaStoreTestServer;
  beforeAll(async () => {
    server = await startCondaStoreTestServer({ seed: 'empty' });
  });
  afterAll(() => server.close());

  const call = (path: string, method = 'GET') =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${server.token}` },
    });

  it("gives a completed build its prefix as conda-store's build_path, and deletes it as conda-store does", async () => {
    const at = Date.UTC(2026, 11, 1, 9, 30, 0);
    const build = server.state.register(
      'team-vision',
      {
        name: 'vision-eval',
        channels: ['conda-forge'],
        dependencies: ['numpy'],
      },
      { at, finished: true },
    );
    const shown = await (await call(`/api/v1/build/${build.id}/`)).json();
    // <store_directory>/<namespace>/<sha256[:8]>-<scheduled_on epoch s>-<id>-<name>
    expect(
      shown.data.build_artifacts.find(
        (a: { artifact_type: string }) => a.artifact_type === 'DIRECTORY',
      ).key,
    ).toBe(
      `/home/conda/team-vision/${build.specification!.sha256.slice(0, 8)}-${
        at / 1000
      }-${build.id}-vision-eval`,
    );

    expect(
      await (await call(`/api/v1/build/${build.id}/`, 'DELETE')).json(),
    ).toEqual({ status: 'ok' });
    // Still answered (get_build does not filter deleted builds), without its prefix and size...
    const deleted = await (await call(`/api/v1/build/${build.id}/`)).json();
    expect(deleted.data).toMatchObject({
      id: build.id,
      status: 'COMPLETED',
      size: 0,
    });
    expect(
      deleted.data.build_artifacts.map(
        (a: { artifact_type: string }) => a.artifact_type,
      ),
    ).toEqual(['LOCKFILE', 'LOGS']);
    // ...and no longer listed.
    const listed = await (await call('/api/v1/build/')).json();
    expect(listed.data.map((b: { id: number }) => b.id)).not.toContain(
      build.id,
    );

    // A build still queued cannot be deleted: conda-store's message, 400.
    server.faults.stopWorkers();
    const queued = server.state.register('team-vision', {
      name: 'vision-eval',
      channels: ['conda-forge'],
      dependencies: ['pandas'],
    });
    const refused = await call(`/api/v1/build/${queued.id}/`, 'DELETE');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      status: 'error',
      message: 'cannot delete build since not finished building',
    });
    server.faults.startWorkers();
  });
});
