import type { PlaywrightTestConfig } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { portFromEnv } from './ports';

/**
 * The single sign-on part of the browser suite (oidc.spec.ts): a local OpenID Provider
 * (dev/oidc/provider.mjs, the stand-in for Keycloak) on a free port, and a second
 * backend on its own port, database and demo hub, configured like production
 * (app-config.oidc.yaml: auth.environment production, oidc provider, no demo people).
 * Both run as Playwright webServers, so they are stopped when the run ends.
 */
export const oidcE2e = {
  opPort: portFromEnv('ATRIUM_E2E_OIDC_OP_PORT'),
  port: portFromEnv('ATRIUM_E2E_OIDC_PORT'),
  get issuer() {
    return `http://localhost:${this.opPort}`;
  },
  get baseURL() {
    return `http://localhost:${this.port}`;
  },
};

// One value per run, the same in the runner and its workers (they inherit its
// environment): a fresh client secret, so that finding it anywhere the browser can
// read means it leaked.
const clientSecret =
  (process.env.ATRIUM_E2E_OIDC_CLIENT_SECRET ??= `e2e-oidc-secret-${randomBytes(
    16,
  ).toString('hex')}`);
const dataDir = (process.env.ATRIUM_E2E_OIDC_DATA_DIR ??= join(
  tmpdir(),
  `atrium-e2e-${oidcE2e.port}`,
));

export const oidcClient = {
  client_id: 'atrium-e2e',
  client_secret: clientSecret,
  redirect_uris: [`${oidcE2e.baseURL}/api/auth/oidc/handler/frame`],
};

/** People at the provider; login with the username (Keycloak also takes the email). */
export const oidcAccounts = {
  /** In the catalog (examples/org.yaml: user ada, ada@atrium.example). */
  ada: {
    sub: '6c1d0b7e-ada0-4c6e-9a51-000000000001',
    email: 'ada@atrium.example',
    preferred_username: 'ada',
    name: 'Ada Lovelace',
  },
  /** Of the organisation's domain, but not (yet) in Atrium's catalog. */
  zoe: {
    sub: '6c1d0b7e-20e0-4c6e-9a51-000000000003',
    email: 'zoe@atrium.example',
    preferred_username: 'zoe',
    name: 'Zoe Newcomer',
  },
  /**
   * An alias in the organisation's domain whose local part is a catalog User's name:
   * User aeasley (e2e-tests/oidc-catalog.yaml) is annie.easley@atrium.example.
   * Matching by the email's local part signed this account in as her.
   */
  aeasleyAlias: {
    sub: '6c1d0b7e-a11a-4c6e-9a51-000000000004',
    email: 'aeasley@atrium.example',
    preferred_username: 'ae-alias',
    name: 'Someone with the aeasley alias',
  },
  /** Ada's address, but the provider has not verified it. */
  adaUnverified: {
    sub: '6c1d0b7e-0a0e-4c6e-9a51-000000000005',
    email: 'ada@atrium.example',
    email_verified: false,
    preferred_username: 'ada-unverified',
    name: 'Not Ada',
  },
  /** A shared mailbox that two catalog Users list as their email. */
  sharedLab: {
    sub: '6c1d0b7e-1ab0-4c6e-9a51-000000000006',
    email: 'lab@atrium.example',
    preferred_username: 'lab',
    name: 'Lab mailbox',
  },
};

type WebServer = Exclude<
  NonNullable<PlaywrightTestConfig['webServer']>,
  unknown[]
>;

/** The two webServers: the provider first, then the backend that discovers it. */
export function oidcWebServers(): WebServer[] {
  return [
    {
      command: `"${process.execPath}" dev/oidc/provider.mjs`,
      url: `${oidcE2e.issuer}/.well-known/openid-configuration`,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        ATRIUM_OIDC_PROVIDER_CONFIG: JSON.stringify({
          port: oidcE2e.opPort,
          issuer: oidcE2e.issuer,
          clients: [oidcClient],
          accounts: Object.values(oidcAccounts),
        }),
      },
    },
    {
      command: `rm -rf ${dataDir}/sqlite && bash scripts/start.sh --config ../../e2e-tests/app-config.e2e.yaml --config ../../e2e-tests/app-config.oidc.yaml`,
      url: `${oidcE2e.baseURL}/.backstage/health/v1/readiness`,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
      reuseExistingServer: false,
      timeout: 240_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        ATRIUM_PORT: String(oidcE2e.port),
        ATRIUM_E2E_PORT: String(oidcE2e.port),
        ATRIUM_E2E_BASE_URL: oidcE2e.baseURL,
        ATRIUM_E2E_DATA_DIR: dataDir,
        // Its own demo hub, beside the first backend's and a running portal's.
        ATRIUM_HUB_STATE_DIR: join(dataDir, 'jupyterhub'),
        ATRIUM_HUB_FRESH: '1',
        ATRIUM_HUB_PORT: String(portFromEnv('ATRIUM_E2E_OIDC_HUB_PORT')),
        ATRIUM_HUB_API_PORT: String(
          portFromEnv('ATRIUM_E2E_OIDC_HUB_API_PORT'),
        ),
        ATRIUM_HUB_PROXY_API_PORT: String(
          portFromEnv('ATRIUM_E2E_OIDC_HUB_PROXY_API_PORT'),
        ),
        // Its own simulated cluster and Prometheus (platform health).
        ATRIUM_KUBE_PORT: String(portFromEnv('ATRIUM_E2E_OIDC_KUBE_PORT')),
        ATRIUM_KUBE_STATE_DIR: join(dataDir, 'kube-test-server'),
        ATRIUM_PROMETHEUS_PORT: String(
          portFromEnv('ATRIUM_E2E_OIDC_PROMETHEUS_PORT'),
        ),
        ATRIUM_PROMETHEUS_DIR: join(dataDir, 'prometheus'),
        // The production config's variables (app-config.oidc.yaml uses the same).
        OIDC_METADATA_URL: `${oidcE2e.issuer}/.well-known/openid-configuration`,
        OIDC_CLIENT_ID: oidcClient.client_id,
        OIDC_CLIENT_SECRET: oidcClient.client_secret,
        AUTH_SESSION_SECRET: randomBytes(24).toString('hex'),
      },
    },
  ];
}
