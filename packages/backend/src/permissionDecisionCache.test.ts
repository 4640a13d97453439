import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { DecisionCachingPermissionsService } from './permissionDecisionCache';

const read = createPermission({ name: 'atrium.test.read', attributes: {} });
const update = createPermission({
  name: 'atrium.test.update',
  attributes: { action: 'update' },
  resourceType: 'atrium-test',
});

/** A user's credentials from one token: the same user and expiry. */
const userToken = (ref: string, expiresAt: number) =>
  ({
    ...mockCredentials.user(ref),
    expiresAt: new Date(expiresAt),
  } as BackstageCredentials);

describe('DecisionCachingPermissionsService', () => {
  const setup = () => {
    const inner = mockServices.permissions.mock();
    let result: AuthorizeResult.ALLOW | AuthorizeResult.DENY =
      AuthorizeResult.ALLOW;
    inner.authorize.mockImplementation(async requests =>
      requests.map(() => ({ result })),
    );
    let now = 1_000_000;
    const service = new DecisionCachingPermissionsService(inner, {
      ttlMs: 2_000,
      maxEntries: 3,
      now: () => now,
    });
    return {
      inner,
      service,
      deny: () => (result = AuthorizeResult.DENY),
      advance: (ms: number) => (now += ms),
    };
  };

  it('reuses a decision for the same token and permission within the TTL, then asks again', async () => {
    const { inner, service, deny, advance } = setup();
    const ada = userToken('user:default/ada', 5_000_000);
    const ask = () =>
      service.authorize([{ permission: read }], { credentials: ada });
    expect(await ask()).toEqual([{ result: AuthorizeResult.ALLOW }]);
    deny();
    advance(1_999);
    // Cached: the policy now denies, the decision of 1.999 s ago still stands.
    expect(await ask()).toEqual([{ result: AuthorizeResult.ALLOW }]);
    expect(inner.authorize).toHaveBeenCalledTimes(1);
    advance(1);
    expect(await ask()).toEqual([{ result: AuthorizeResult.DENY }]);
    expect(inner.authorize).toHaveBeenCalledTimes(2);
  });

  it('keeps tokens apart: another user, or another token of the same user, is asked', async () => {
    const { inner, service, deny } = setup();
    await service.authorize([{ permission: read }], {
      credentials: userToken('user:default/ada', 5_000_000),
    });
    deny();
    const [grace] = await service.authorize([{ permission: read }], {
      credentials: userToken('user:default/grace', 5_000_000),
    });
    const [adaAgain] = await service.authorize([{ permission: read }], {
      credentials: userToken('user:default/ada', 6_000_000),
    });
    expect(grace.result).toBe(AuthorizeResult.DENY);
    expect(adaAgain.result).toBe(AuthorizeResult.DENY);
    expect(inner.authorize).toHaveBeenCalledTimes(3);
  });

  it('never caches resource checks, service callers or failures', async () => {
    const { inner, service } = setup();
    const ada = userToken('user:default/ada', 5_000_000);
    for (let i = 0; i < 2; i++) {
      await service.authorize(
        [{ permission: update, resourceRef: 'atrium-test:1' }],
        { credentials: ada },
      );
      await service.authorize([{ permission: read }], {
        credentials: mockCredentials.service('plugin:costs'),
      });
    }
    expect(inner.authorize).toHaveBeenCalledTimes(4);

    inner.authorize.mockRejectedValueOnce(new Error('permission backend down'));
    await expect(
      service.authorize([{ permission: read }], { credentials: ada }),
    ).rejects.toThrow('permission backend down');
    await service.authorize([{ permission: read }], { credentials: ada });
    expect(inner.authorize).toHaveBeenCalledTimes(6);
  });

  it('asks only for what it does not hold, in the order given', async () => {
    const { inner, service } = setup();
    const ada = userToken('user:default/ada', 5_000_000);
    await service.authorize([{ permission: read }], { credentials: ada });
    const results = await service.authorize(
      [
        { permission: update, resourceRef: 'atrium-test:1' },
        { permission: read },
      ],
      { credentials: ada },
    );
    expect(results).toHaveLength(2);
    expect(inner.authorize).toHaveBeenLastCalledWith(
      [{ permission: update, resourceRef: 'atrium-test:1' }],
      { credentials: ada },
    );
  });

  it('holds at most maxEntries decisions, dropping the oldest', async () => {
    const { inner, service } = setup();
    const tokens = [1, 2, 3, 4].map(i =>
      userToken(`user:default/u${i}`, 5_000_000),
    );
    for (const credentials of tokens)
      await service.authorize([{ permission: read }], { credentials });
    // u1's decision was dropped for u4's; u4's is still held.
    await service.authorize([{ permission: read }], { credentials: tokens[0] });
    await service.authorize([{ permission: read }], { credentials: tokens[3] });
    expect(inner.authorize).toHaveBeenCalledTimes(5);
  });

  it('gives each caller its own copy of a decision', async () => {
    const { inner, service } = setup();
    const conditions = {
      anyOf: [
        {
          rule: 'IS_TASK_OWNER',
          resourceType: 'scaffolder-task',
          params: { createdBy: ['user:default/ada'] },
        },
      ],
    };
    inner.authorizeConditional.mockImplementation(async () => [
      {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'scaffolder',
        resourceType: 'scaffolder-task',
        conditions: structuredClone(conditions),
      } as any,
    ]);
    const ada = userToken('user:default/ada', 5_000_000);
    const [first] = await service.authorizeConditional(
      [{ permission: update }],
      { credentials: ada },
    );
    // What a caller does to its copy (the scaffolder empties the list it reduces)...
    (first as any).conditions.anyOf.length = 0;
    const [second] = await service.authorizeConditional(
      [{ permission: update }],
      { credentials: ada },
    );
    // ...neither the next caller nor the cache sees.
    expect((second as any).conditions).toEqual(conditions);
    (second as any).conditions.anyOf.pop();
    const [third] = await service.authorizeConditional(
      [{ permission: update }],
      { credentials: ada },
    );
    expect((third as any).conditions).toEqual(conditions);
    expect(inner.authorizeConditional).toHaveBeenCalledTimes(1);
  });

  it('reuses conditional decisions the same way', async () => {
    const { inner, service } = setup();
    inner.authorizeConditional.mockResolvedValue([
      { result: AuthorizeResult.ALLOW },
    ]);
    const ada = userToken('user:default/ada', 5_000_000);
    await service.authorizeConditional([{ permission: update }], {
      credentials: ada,
    });
    await service.authorizeConditional([{ permission: update }], {
      credentials: ada,
    });
    expect(inner.authorizeConditional).toHaveBeenCalledTimes(1);
    // Another user is asked.
    await service.authorizeConditional([{ permission: update }], {
      credentials: userToken('user:default/grace', 5_000_000),
    });
    expect(inner.authorizeConditional).toHaveBeenCalledTimes(2);
  });
});
