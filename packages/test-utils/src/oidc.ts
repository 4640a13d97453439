import path from 'node:path';
import { startService, type StartedService } from './services';
import { freePort } from './freePorts.mjs';

/** The provider script (ESM-only oidc-provider, so it runs as a process of its own). */
export const OIDC_PROVIDER_SCRIPT = path.resolve(
  // Test-only package that jest always runs from source (see jupyterhub.ts).
  // eslint-disable-next-line no-restricted-syntax
  __dirname,
  '../../../dev/oidc/provider.mjs',
);

/** A client (relying party) the provider knows, such as an Atrium backend. */
export interface OidcTestClient {
  client_id: string;
  client_secret: string;
  /** Where the provider may send the code: `<backend>/api/auth/oidc/handler/frame`. */
  redirect_uris: string[];
}

/** A person at the provider. Logging in takes their sub, username or email. */
export interface OidcTestAccount {
  sub: string;
  email?: string;
  /** Default true, as Backstage only uses verified emails. */
  email_verified?: boolean;
  preferred_username?: string;
  name?: string;
}

/** Options for {@link startOidcProvider}. */
export interface StartOidcProviderOptions {
  clients: OidcTestClient[];
  accounts: OidcTestAccount[];
  /** A free port of 127.0.0.1 by default. */
  port?: number;
  /** `http://127.0.0.1:<port>` by default. */
  issuer?: string;
}

/** A real OpenID Provider started by {@link startOidcProvider}. */
export interface StartedOidcProvider {
  issuer: string;
  /** `${issuer}/.well-known/openid-configuration`: what `metadataUrl` takes. */
  metadataUrl: string;
  /** What the provider printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts a local OpenID Provider (dev/oidc/provider.mjs, node-oidc-provider with its
 * development login pages) on 127.0.0.1, for tests of OIDC sign-in: the stand-in for
 * Keycloak. Any password works; never expose it.
 */
export async function startOidcProvider(
  options: StartOidcProviderOptions,
): Promise<StartedOidcProvider> {
  const port = options.port ?? (await freePort());
  const issuer = (options.issuer ?? `http://127.0.0.1:${port}`).replace(
    /\/+$/,
    '',
  );
  const service: StartedService = await startService({
    name: 'oidc-provider',
    command: process.execPath,
    args: [OIDC_PROVIDER_SCRIPT],
    env: {
      ...process.env,
      ATRIUM_OIDC_PROVIDER_CONFIG: JSON.stringify({
        port,
        issuer,
        clients: options.clients,
        accounts: options.accounts,
      }),
    },
    readyUrl: `http://127.0.0.1:${port}/.well-known/openid-configuration`,
    readyTimeoutMs: 30_000,
  });
  return {
    issuer,
    metadataUrl: `${issuer}/.well-known/openid-configuration`,
    output: service.output,
    stop: service.stop,
  };
}
