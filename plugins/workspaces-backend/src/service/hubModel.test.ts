import { ConfigReader } from '@backstage/config';
import { hubTimeoutsFromConfig } from './hubModel';

describe('hubTimeoutsFromConfig', () => {
  it('reads the request and spawn timeouts, and leaves the defaults when unset', () => {
    const config = (jupyterhub: object) =>
      new ConfigReader({ workspaces: { jupyterhub } });
    expect(
      hubTimeoutsFromConfig(
        config({ requestTimeout: { seconds: 5 }, spawnTimeout: '1m' }),
      ),
    ).toEqual({ requestTimeoutMs: 5000, spawnTimeoutMs: 60_000 });
    expect(hubTimeoutsFromConfig(config({ url: 'http://hub' }))).toEqual({});
  });
});
