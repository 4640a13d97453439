import { mockCredentials } from '@backstage/backend-test-utils';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { PerCallerCache, userTokenKey } from './callerCache';

const userToken = (ref: string, expiresAt: number, actor?: string) =>
  ({
    ...mockCredentials.user(ref),
    ...(actor
      ? {
          principal: {
            type: 'user',
            userEntityRef: ref,
            actor: { type: 'service', subject: actor },
          },
        }
      : {}),
    expiresAt: new Date(expiresAt),
  } as BackstageCredentials);

describe('userTokenKey', () => {
  it('names one user token, apart from a plugin acting for the same user', () => {
    const a = userTokenKey(userToken('user:default/ada', 5_000));
    expect(a).toBe(userTokenKey(userToken('user:default/ada', 5_000)));
    expect(a).not.toBe(userTokenKey(userToken('user:default/ada', 6_000)));
    expect(a).not.toBe(userTokenKey(userToken('user:default/grace', 5_000)));
    expect(a).not.toBe(
      userTokenKey(userToken('user:default/ada', 5_000, 'plugin:catalog')),
    );
  });

  it('keys on the token itself where the credentials carry it', () => {
    const withToken = (token: string) => {
      const credentials = userToken('user:default/ada', 5_000);
      Object.defineProperty(credentials, 'token', {
        value: token,
        enumerable: false,
      });
      return credentials;
    };
    expect(userTokenKey(withToken('full'))).toBe(
      userTokenKey(withToken('full')),
    );
    expect(userTokenKey(withToken('full'))).not.toBe(
      userTokenKey(withToken('limited')),
    );
    expect(userTokenKey(withToken('full'))).not.toContain('user:default/ada');
  });

  it('has no key for services or tokens without an expiry', () => {
    expect(
      userTokenKey(mockCredentials.service('plugin:costs')),
    ).toBeUndefined();
    expect(
      userTokenKey(mockCredentials.user('user:default/ada')),
    ).toBeUndefined();
  });
});

describe('PerCallerCache', () => {
  it('reuses a value per token within the TTL and loads again after it', async () => {
    let now = 0;
    const cache = new PerCallerCache<number>({ ttlMs: 1_000, now: () => now });
    const load = jest.fn(async () => now);
    const ada = userToken('user:default/ada', 5_000);
    expect(await cache.get(ada, load)).toBe(0);
    now = 999;
    expect(await cache.get(ada, load)).toBe(0);
    expect(await cache.get(userToken('user:default/grace', 5_000), load)).toBe(
      999,
    );
    now = 1_000;
    expect(await cache.get(ada, load)).toBe(1_000);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('keeps no failure and nothing for services, and holds at most maxEntries', async () => {
    const cache = new PerCallerCache<string>({ ttlMs: 1_000, maxEntries: 1 });
    const ada = userToken('user:default/ada', 5_000);
    await expect(
      cache.get(ada, async () => {
        throw new Error('catalog down');
      }),
    ).rejects.toThrow('catalog down');
    expect(await cache.get(ada, async () => 'fresh')).toBe('fresh');

    const service = jest.fn(async () => 'service');
    await cache.get(mockCredentials.service('plugin:costs'), service);
    await cache.get(mockCredentials.service('plugin:costs'), service);
    expect(service).toHaveBeenCalledTimes(2);

    await cache.get(userToken('user:default/grace', 5_000), async () => 'g');
    // Ada's entry was dropped for Grace's.
    expect(await cache.get(ada, async () => 'again')).toBe('again');
  });
});
