import {
  ApiBlueprint,
  configApiRef,
  createApiRef,
  discoveryApiRef,
  oauthRequestApiRef,
  type BackstageIdentityApi,
  type OAuthApi,
  type OpenIdConnectApi,
  type ProfileInfoApi,
  type SessionApi,
} from '@backstage/frontend-plugin-api';
import { OAuth2 } from '@backstage/core-app-api';
import LockOpenIcon from '@material-ui/icons/LockOpen';

/**
 * Single sign-on through the backend's `oidc` auth provider
 * (@backstage/plugin-auth-backend-module-oidc-provider, configured under
 * auth.providers.oidc.<auth.environment>). The client secret stays in the backend: the
 * browser only opens <backend>/api/auth/oidc/start in a popup and gets back a Backstage
 * token for the catalog User the sign-in resolvers found.
 */
export const oidcAuthApiRef = createApiRef<
  OAuthApi &
    OpenIdConnectApi &
    ProfileInfoApi &
    BackstageIdentityApi &
    SessionApi
>().with({ id: 'atrium.auth.oidc', pluginId: 'app' });

export const OIDC_DEFAULT_TITLE = 'Single sign-on';

export const oidcAuthApi = ApiBlueprint.make({
  name: 'oidc-auth',
  params: defineParams =>
    defineParams({
      api: oidcAuthApiRef,
      deps: {
        configApi: configApiRef,
        discoveryApi: discoveryApiRef,
        oauthRequestApi: oauthRequestApiRef,
      },
      factory: ({ configApi, discoveryApi, oauthRequestApi }) =>
        OAuth2.create({
          configApi,
          discoveryApi,
          oauthRequestApi,
          provider: {
            id: 'oidc',
            title:
              configApi.getOptionalString('atrium.signIn.title') ??
              OIDC_DEFAULT_TITLE,
            icon: LockOpenIcon,
          },
          environment: configApi.getOptionalString('auth.environment'),
          defaultScopes: ['openid', 'profile', 'email'],
        }),
    }),
});
