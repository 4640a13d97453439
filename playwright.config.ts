import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * End-to-end suite: starts the real backend (serving the built frontend) on its own port
 * with a fresh SQLite folder, and drives Debian's Chromium through playwright-core.
 * `npx playwright install` cannot download browsers on these machines; scripts/test.sh
 * installs the `chromium` Debian package instead.
 */
const port = Number(process.env.ATRIUM_E2E_PORT ?? 7017);
const baseURL = `http://localhost:${port}`;
process.env.ATRIUM_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'atrium-e2e-'));

export default defineConfig({
  testDir: 'e2e-tests',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  forbidOnly: true,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results/e2e-artifacts',
  webServer: {
    command: `bash scripts/start.sh --config ../../e2e-tests/app-config.e2e.yaml`,
    url: `${baseURL}/.backstage/health/v1/readiness`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      ATRIUM_PORT: String(port),
      ATRIUM_E2E_PORT: String(port),
      ATRIUM_E2E_BASE_URL: baseURL,
    },
  },
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
