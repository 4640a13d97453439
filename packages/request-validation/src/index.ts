/**
 * How Atrium's backend routes validate input.
 *
 * @packageDocumentation
 */
import type {
  BackstageCredentials,
  BackstageServicePrincipal,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import type { Request } from 'express';
import type { z } from 'zod';

export { csvCell, csvRow } from './csv';

/**
 * Parses route input with a zod schema; on failure throws an `InputError` (a 400) whose
 * message names each wrong field and what it must be, e.g.
 * `Invalid query: role: role must be one of: admin, devops`.
 *
 * @param what - what the input is, for the message: `query`, `workspace`, ...
 */
export function parseInput<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  input: unknown,
  what: string,
): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    const detail = result.error.issues
      .map(i =>
        i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message,
      )
      .join('; ');
    throw new InputError(`Invalid ${what}: ${detail}`);
  }
  return result.data;
}

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
