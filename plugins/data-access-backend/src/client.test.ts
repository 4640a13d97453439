import {
  coreServices,
  createBackendPlugin,
  type AuthService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { dataAccessApiServiceRef, type DataAccessApi } from '@internal/plugin-data-access-node';
import { storeTestDatabases } from '@internal/test-utils';
import { createHmac } from 'node:crypto';
import { startDataAccessBackend, TEST_SIGNING_KEY } from './__testUtils__/dataAccessTestBackend';
import { SHARED_VISION } from './__testUtils__/entities';

jest.setTimeout(120_000);

const databases = storeTestDatabases();

/** The client as another backend plugin gets it (its default factory: HTTP, discovery, plugin token). */
function clientOf(pluginId: string) {
  const got: { client?: DataAccessApi; auth?: AuthService } = {};
  const feature = createBackendPlugin({
    pluginId,
    register(env) {
      env.registerInit({
        deps: { client: dataAccessApiServiceRef, auth: coreServices.auth },
        async init({ client, auth }) {
          got.client = client;
          got.auth = auth;
        },
      });
    },
  });
  return { feature, got };
}

const launch = {
  user: 'user:default/alan',
  groups: ['group:default/team-vision'],
  workspaceId: 'w-alan',
  hubUser: 'alan',
  server: 'notebooks',
};

describe('DataAccessClient (plugin-data-access-node) against the data-access backend', () => {
  it('previews, records (signed) and ends a launch as the workspaces plugin; another plugin is refused with the reason', async () => {
    const workspaces = clientOf('workspaces');
    const results = clientOf('results');
    await startDataAccessBackend({
      databases,
      databaseId: 'SQLITE_3',
      features: [workspaces.feature, results.feature],
    });
    const { client, auth } = workspaces.got;
    const credentials = await auth!.getOwnServiceCredentials();

    const preview = await client!.previewLaunch({ ...launch, workspaceId: '' }, { credentials });
    expect(preview.sources.map(s => s.ref)).toEqual([SHARED_VISION]);
    const recorded = await client!.recordLaunch(launch, { credentials });
    expect(recorded.signed!.signature).toBe(
      createHmac('sha256', TEST_SIGNING_KEY).update(recorded.signed!.payload).digest('hex'),
    );
    await expect(client!.endLaunch({ id: 'w-alan' }, { credentials })).resolves.toBeUndefined();

    const other = results.got;
    const refused = await other.client!
      .recordLaunch(launch, { credentials: await other.auth!.getOwnServiceCredentials() })
      .catch(e => e);
    expect(ResponseError.is(refused)).toBe(true);
    expect(refused.statusCode).toBe(403);
    expect(refused.cause.message).toBe('Only the workspaces plugin may call this route, not plugin:results');
  });
});
