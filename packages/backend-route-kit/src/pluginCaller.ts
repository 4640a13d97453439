import type {
  BackstageCredentials,
  BackstageServicePrincipal,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import type { Request } from 'express';

/**
 * Authenticates a call to a service-only route and checks that it comes from one of
 * the given backend plugins (their service principal's subject is `plugin:<id>`).
 * Users get a 403 saying the route is for backend services; another plugin or an
 * external-access token gets a 403 naming the plugins allowed.
 *
 * @param pluginIds - the ids of the plugins allowed to call, e.g. `['workspaces']`
 */
export async function requirePluginCaller(
  httpAuth: HttpAuthService,
  req: Request,
  pluginIds: readonly string[],
): Promise<BackstageCredentials<BackstageServicePrincipal>> {
  const credentials = await httpAuth.credentials(req, {
    allow: ['service', 'user'],
  });
  const allowedPlugins = pluginIds.map(id => `the ${id} plugin`).join(' or ');
  if (credentials.principal.type !== 'service') {
    throw new NotAllowedError(
      `This route is for backend services only (${allowedPlugins})`,
    );
  }
  const { subject } = (
    credentials as BackstageCredentials<BackstageServicePrincipal>
  ).principal;
  if (!pluginIds.some(id => subject === `plugin:${id}`)) {
    throw new NotAllowedError(
      `Only ${allowedPlugins} may call this route, not ${subject}`,
    );
  }
  return credentials as BackstageCredentials<BackstageServicePrincipal>;
}
