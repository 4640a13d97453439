import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { createDemoAuthenticator, type DemoPerson } from './authenticator';

/**
 * Registers the `demo` sign-in provider when `auth.providers.demo` is configured AND
 * `auth.environment` is `development`. Production config layers on top of the base
 * config (so it inherits `auth.providers.demo`), which is why the environment, not the
 * presence of the key, decides: with `auth.environment: production` demo sign-in is off.
 *
 * @public
 */
export const authModuleDemoProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        providers: authProvidersExtensionPoint,
      },
      async init({ config, logger, providers }) {
        if (!config.has('auth.providers.demo')) return;
        const environment =
          config.getOptionalString('auth.environment') ?? 'development';
        if (environment !== 'development') {
          logger.warn(
            `Demo sign-in is configured but auth.environment is '${environment}': not enabling it`,
          );
          return;
        }
        const people: DemoPerson[] = (
          config.getOptionalConfigArray('atrium.demo.people') ?? []
        ).map(p => ({
          name: p.getString('name'),
          displayName: p.getOptionalString('displayName'),
        }));
        if (people.length === 0) {
          throw new Error(
            'auth.providers.demo is configured but atrium.demo.people is empty',
          );
        }
        logger.warn(
          `Demo sign-in is ON: anyone can sign in as ${people
            .map(p => p.name)
            .join(', ')}`,
        );
        providers.registerProvider({
          providerId: 'demo',
          factory: createProxyAuthProviderFactory({
            authenticator: createDemoAuthenticator(people),
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({
                entityRef: { name: result.person.name },
              }),
          }),
        });
      },
    });
  },
});
