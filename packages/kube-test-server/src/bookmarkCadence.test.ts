import { startKubeTestServer } from './index';
import type { KubeTestServer } from './types';
import { clientsFor, eventually } from './__testUtils__/clients';

/** Bookmarks a client-node watch of `server` receives. */
async function bookmarksOf(server: KubeTestServer) {
  const types: string[] = [];
  const controller = await clientsFor(server).watch.watch(
    '/api/v1/namespaces/default/configmaps',
    { allowWatchBookmarks: true },
    type => types.push(type),
    () => {},
  );
  await eventually(() => expect(server.traffic('configmaps').openWatches).toBe(1));
  return { count: () => types.filter(t => t === 'BOOKMARK').length, stop: () => controller.abort() };
}

/**
 * The bookmark cadence, on a clock of its own: only setInterval (the server's bookmark
 * timer) is faked; HTTP, setTimeout and the rest run for real.
 */
describe('bookmarks', () => {
  const servers: KubeTestServer[] = [];
  beforeEach(() => {
    jest.useFakeTimers({
      doNotFake: [
        'Date',
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setTimeout',
        'clearTimeout',
      ],
    });
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(s => s.close()));
    jest.useRealTimers();
  });

  it('come about every 60 s by default, as from a real apiserver, and as often as bookmarkIntervalMs says', async () => {
    const byDefault = await startKubeTestServer({ seed: 'empty' });
    const every5s = await startKubeTestServer({ seed: 'empty', bookmarkIntervalMs: 5_000 });
    servers.push(byDefault, every5s);
    const quiet = await bookmarksOf(byDefault);
    const frequent = await bookmarksOf(every5s);

    jest.advanceTimersByTime(59_999);
    await eventually(() => expect(frequent.count()).toBe(11));
    // Both servers' timers ran in the same advance: the default one had nothing due.
    expect(quiet.count()).toBe(0);

    jest.advanceTimersByTime(1);
    await eventually(() => expect(quiet.count()).toBe(1));
    await eventually(() => expect(frequent.count()).toBe(12));
    jest.advanceTimersByTime(60_000);
    await eventually(() => expect(quiet.count()).toBe(2));
    await eventually(() => expect(frequent.count()).toBe(24));
    quiet.stop();
    frequent.stop();
  });
});
