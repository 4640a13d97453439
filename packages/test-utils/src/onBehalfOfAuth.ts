import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

/**
 * The mock auth service, except that a token a plugin gets on behalf of a user names the
 * plugin as its actor, as the real auth service's on-behalf-of tokens do. Without the
 * actor the permission backend takes the request for a direct user request and refuses
 * the catalog's conditional (resource) checks, so a plugin could not read an entity
 * with the caller's credentials (the workspaces plugin its projects, the scaffolder its templates).
 */
export const onBehalfOfAuthFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const auth = mockServices.auth({ pluginId: plugin.getId() });
    return {
      authenticate: auth.authenticate.bind(auth),
      isPrincipal: auth.isPrincipal.bind(auth) as typeof auth.isPrincipal,
      getNoneCredentials: auth.getNoneCredentials.bind(auth),
      getOwnServiceCredentials: auth.getOwnServiceCredentials.bind(auth),
      getLimitedUserToken: auth.getLimitedUserToken.bind(auth),
      listPublicServiceKeys: auth.listPublicServiceKeys.bind(auth),
      async getPluginRequestToken(options) {
        const { principal } = options.onBehalfOf;
        if (auth.isPrincipal(options.onBehalfOf, 'user')) {
          return {
            token: mockCredentials.user.token(
              (principal as { userEntityRef: string }).userEntityRef,
              { actor: { subject: plugin.getId() } },
            ),
          };
        }
        return auth.getPluginRequestToken(options);
      },
    };
  },
});
