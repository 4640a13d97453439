import {
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult, createPermission } from '@backstage/plugin-permission-common';
import type { Request } from 'express';
import { createRouteKit } from './routeKit';

const readPermission = createPermission({
  name: 'atrium.test.read',
  attributes: { action: 'read' },
});

const request = { headers: {} } as Request;

describe('createRouteKit', () => {
  const kit = (allow: boolean, principal = mockCredentials.user('user:default/alice')) => {
    const auditor = mockServices.auditor.mock();
    const events: string[] = [];
    auditor.createEvent.mockImplementation(async options => {
      events.push(`start ${options.eventId}`);
      return {
        success: async o => {
          events.push(`success ${JSON.stringify(o?.meta ?? {})}`);
        },
        fail: async o => {
          events.push(`fail ${o.error.message}`);
        },
      };
    });
    return {
      events,
      kit: createRouteKit({
        httpAuth: mockServices.httpAuth({ defaultCredentials: principal }),
        permissions: mockServices.permissions({
          result: allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        }),
        userInfo: mockServices.userInfo({
          ownershipEntityRefs: ['user:default/alice', 'group:default/Data-Science'],
        }),
        auditor,
      }),
    };
  };

  it('resolves the caller with their groups when the permission is held', async () => {
    const who = await kit(true).kit.caller(request, readPermission, 'no');
    expect(who.userEntityRef).toBe('user:default/alice');
    expect(who.groups).toEqual(['group:default/data-science']);
  });

  it('refuses with the given sentence when it is not', async () => {
    await expect(
      kit(false).kit.caller(request, readPermission, 'Ask an admin for access'),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: 'Ask an admin for access',
    });
    await expect(
      kit(false).kit.requirePermission(
        mockCredentials.user(),
        readPermission,
        'no',
      ),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
  });

  it('refuses a service token on a user route', async () => {
    await expect(
      kit(true, mockCredentials.service('plugin:costs') as any).kit.caller(
        request,
        readPermission,
        'no',
      ),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
  });

  it('records an audit event around an action, success or failure', async () => {
    const { kit: k, events } = kit(true);
    await expect(
      k.audited(request, { eventId: 'thing-change', meta: { id: 'a' } }, async () => 3, n => ({ n })),
    ).resolves.toBe(3);
    await expect(
      k.audited(request, { eventId: 'thing-delete' }, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(events).toEqual([
      'start thing-change',
      'success {"id":"a","n":3}',
      'start thing-delete',
      'fail boom',
    ]);
  });
});
