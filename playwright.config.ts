import { defineConfig } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oidcWebServers } from './e2e-tests/oidc.config';
import { portFromEnv } from './e2e-tests/ports';

/**
 * End-to-end suite: starts the real backend (serving the built frontend) on its own port
 * with a fresh SQLite folder, and drives Debian's Chromium through playwright-core.
 * `npx playwright install` cannot download browsers on these machines; scripts/test.sh
 * installs the `chromium` Debian package instead.
 */
// Every port is a free one the OS hands out when the run starts (or the one the
// environment variable pins), so two runs, or a run beside a developer's portal, do not
// collide.
const port = portFromEnv('ATRIUM_E2E_PORT');
const baseURL = `http://localhost:${port}`;
// One folder per port, the same in the runner and its workers (the config is evaluated
// in each); every run starts from an empty database and an empty hub.
process.env.ATRIUM_E2E_DATA_DIR ??= join(tmpdir(), `atrium-e2e-${port}`);

export default defineConfig({
  testDir: 'e2e-tests',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  forbidOnly: true,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results/e2e-artifacts',
  webServer: [
    {
      command: `rm -rf ${process.env.ATRIUM_E2E_DATA_DIR}/sqlite && bash scripts/start.sh --config ../../e2e-tests/app-config.e2e.yaml`,
      // SIGTERM lets scripts/start.sh stop the backend and its demo JupyterHub (whose
      // proxy and notebook servers run in sessions of their own).
      gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
      url: `${baseURL}/.backstage/health/v1/readiness`,
      reuseExistingServer: false,
      timeout: 240_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        ATRIUM_PORT: String(port),
        ATRIUM_E2E_PORT: String(port),
        ATRIUM_E2E_BASE_URL: baseURL,
        // The suite's own demo JupyterHub, beside (not instead of) a running portal's.
        ATRIUM_HUB_STATE_DIR: join(
          process.env.ATRIUM_E2E_DATA_DIR,
          'jupyterhub',
        ),
        ATRIUM_HUB_FRESH: '1',
        ATRIUM_HUB_PORT: String(portFromEnv('ATRIUM_E2E_HUB_PORT')),
        ATRIUM_HUB_API_PORT: String(portFromEnv('ATRIUM_E2E_HUB_API_PORT')),
        ATRIUM_HUB_PROXY_API_PORT: String(
          portFromEnv('ATRIUM_E2E_HUB_PROXY_API_PORT'),
        ),
        // The suite's own simulated cluster and Prometheus (platform health).
        ATRIUM_KUBE_PORT: String(portFromEnv('ATRIUM_E2E_KUBE_PORT')),
        ATRIUM_KUBE_STATE_DIR: join(
          process.env.ATRIUM_E2E_DATA_DIR,
          'kube-test-server',
        ),
        // The suite's own demo conda-store (a free port; its pid file here).
        ATRIUM_CONDA_STORE_STATE_DIR: join(
          process.env.ATRIUM_E2E_DATA_DIR,
          'conda-store-test-server',
        ),
        ATRIUM_PROMETHEUS_PORT: String(
          portFromEnv('ATRIUM_E2E_PROMETHEUS_PORT'),
        ),
        ATRIUM_PROMETHEUS_DIR: join(
          process.env.ATRIUM_E2E_DATA_DIR,
          'prometheus',
        ),
      },
    },
    // Single sign-on (oidc.spec.ts): a local OpenID Provider and a second backend that
    // signs people in through it.
    ...oidcWebServers(),
  ],
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.ATRIUM_CHROMIUM ?? '/usr/bin/chromium',
      // Without the background-networking flags Chromium keeps trying hosts this
      // closed network refuses.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
