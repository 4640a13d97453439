import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Request } from 'express';
import { z } from 'zod';
import { parseInput } from './parseInput';
import { requirePluginCaller } from './pluginCaller';

describe('parseInput', () => {
  const schema = z
    .object({
      name: z.string().min(1, 'is required'),
      limit: z.coerce.number().max(10),
    })
    .strict();

  it('returns the parsed input', () => {
    expect(parseInput(schema, { name: 'a', limit: '3' }, 'query')).toEqual({
      name: 'a',
      limit: 3,
    });
  });

  it('throws an InputError naming every wrong field', () => {
    expect(() =>
      parseInput(schema, { name: '', limit: '11', extra: 1 }, 'query'),
    ).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message:
          "Invalid query: name: is required; limit: Number must be less than or equal to 10; Unrecognized key(s) in object: 'extra'",
      }),
    );
  });
});

describe('requirePluginCaller', () => {
  const request = (credentials: BackstageCredentials) => {
    const httpAuth = mockServices.httpAuth({ defaultCredentials: credentials });
    return requirePluginCaller(httpAuth, { headers: {} } as Request, [
      'workspaces',
    ]);
  };

  it('lets the named plugin through', async () => {
    const credentials = await request(
      mockCredentials.service('plugin:workspaces'),
    );
    expect(credentials.principal.subject).toBe('plugin:workspaces');
  });

  it('refuses another plugin, naming the one allowed', async () => {
    await expect(
      request(mockCredentials.service('plugin:catalog')),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        'Only the workspaces plugin may call this route, not plugin:catalog',
    });
  });

  it('refuses an external-access token', async () => {
    await expect(
      request(mockCredentials.service('external:metrics-scraper')),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
  });

  it('refuses a user', async () => {
    await expect(request(mockCredentials.user())).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        'This route is for backend services only (the workspaces plugin)',
    });
  });
});
