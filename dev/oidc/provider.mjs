// A local OpenID Provider (node-oidc-provider) standing in for Keycloak in tests and
// local trials of Atrium's single sign-on. It is ESM-only, which is why it runs in a
// process of its own: jest here is CommonJS (startOidcProvider in
// packages/test-utils/src/oidc.ts starts this file), and the browser suite starts it as
// a Playwright webServer (playwright.config.ts).
//
//   ATRIUM_OIDC_PROVIDER_CONFIG='{"port":17900,"clients":[...],"accounts":[...]}' \
//     node dev/oidc/provider.mjs
//   node dev/oidc/provider.mjs '<the same JSON>'   # or the path of a JSON file
//
// Config: port (required); host (default 127.0.0.1); issuer (default
// http://localhost:<port>); clients [{client_id, client_secret, redirect_uris}];
// accounts [{sub, email, preferred_username?, name?, email_verified? (default true)}].
//
// Logging in uses oidc-provider's development interactions: a form that takes a login
// and any password, then a consent page ("Continue"). The login is an account's sub,
// preferred_username or email (Keycloak also takes a username or an email); a login
// matching no account goes back to the client as access_denied. Never expose this
// provider: any password works.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

// oidc-provider warns on stderr that this is a development setup (in-memory storage,
// generated keys, development login pages): that is the point here, so keep the test
// runners' output for real errors.
const warn = console.warn;
console.warn = (message, ...rest) => {
  if (
    typeof message === 'string' &&
    message.startsWith('oidc-provider WARNING:') &&
    message.includes('development-only')
  ) {
    return;
  }
  warn(message, ...rest);
};

function readConfig() {
  const raw = process.env.ATRIUM_OIDC_PROVIDER_CONFIG ?? process.argv[2];
  if (!raw) {
    throw new Error(
      'dev/oidc/provider.mjs: set ATRIUM_OIDC_PROVIDER_CONFIG to a JSON config, or pass the JSON (or the path of a JSON file) as the first argument',
    );
  }
  return JSON.parse(
    raw.trim().startsWith('{') ? raw : readFileSync(raw, 'utf8'),
  );
}

const config = readConfig();
const port = Number(config.port);
if (!Number.isInteger(port) || port <= 0) {
  throw new Error(`dev/oidc/provider.mjs: invalid port ${config.port}`);
}
const host = config.host ?? '127.0.0.1';
const issuer = config.issuer ?? `http://localhost:${port}`;
const accounts = config.accounts ?? [];

/** The account a login names: by sub, then username, then email (case-insensitive). */
function accountFor(login) {
  const wanted = String(login).trim().toLowerCase();
  return (
    accounts.find(a => a.sub.toLowerCase() === wanted) ??
    accounts.find(a => a.preferred_username?.toLowerCase() === wanted) ??
    accounts.find(a => a.email?.toLowerCase() === wanted)
  );
}

const provider = new Provider(issuer, {
  clients: (config.clients ?? []).map(c => ({
    client_id: c.client_id,
    client_secret: c.client_secret,
    redirect_uris: c.redirect_uris,
    response_types: ['code'],
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'client_secret_basic',
  })),
  async findAccount(_ctx, sub) {
    const account = accounts.find(a => a.sub === sub);
    if (!account) return undefined;
    return {
      accountId: account.sub,
      async claims() {
        return {
          sub: account.sub,
          email: account.email,
          // Keycloak sends email_verified too; Backstage ignores unverified emails.
          email_verified: account.email_verified ?? true,
          preferred_username: account.preferred_username,
          name: account.name,
        };
      },
    };
  },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username'],
  },
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => false },
  // Like Keycloak, issue refresh tokens without offline_access, so that Backstage can
  // refresh the session (a reload keeps the person signed in).
  async issueRefreshToken(_ctx, client) {
    return client.grantTypeAllowed('refresh_token');
  },
  cookies: { keys: config.cookieKeys ?? [randomBytes(32).toString('hex')] },
});

provider.on('server_error', (_ctx, error) => {
  console.error(`oidc-provider: server error: ${error.stack ?? error}`);
});

// The development login form accepts any login: turn it into the account's sub, or
// refuse it (access_denied back to the client) when no account has that login.
const finishInteraction = provider.interactionFinished.bind(provider);
provider.interactionFinished = async (req, res, result, options) => {
  if (result?.login?.accountId !== undefined) {
    const account = accountFor(result.login.accountId);
    return finishInteraction(
      req,
      res,
      account
        ? { ...result, login: { ...result.login, accountId: account.sub } }
        : {
            error: 'access_denied',
            error_description: `No account '${result.login.accountId}' at this provider`,
          },
      options,
    );
  }
  return finishInteraction(req, res, result, options);
};

const server = createServer(provider.callback());
server.listen(port, host, () => {
  console.log(
    `oidc-provider: issuer ${issuer} listening on ${host}:${port} (development setup: in-memory, any password works)`,
  );
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2_000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
