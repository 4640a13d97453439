/*
 * The production image, without Docker: the backend's production bundle laid out as the
 * image lays it out (deploy/test/build-production-bundle.sh: the bundle, production
 * dependencies only, app-config*.yaml), started with the image's command and the
 * production config against PostgreSQL, a real JupyterHub and a real OpenID Provider,
 * with every ${VARIABLE} of app-config.production.yaml set as the Kubernetes manifests set
 * them.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigReader } from '@backstage/config';
import knexFactory, { type Knex } from 'knex';
import {
  freePort,
  startJupyterHub,
  startOidcProvider,
  startService,
  type StartedJupyterHub,
  type StartedOidcProvider,
  type StartedService,
  testPostgresConnection,
} from '@internal/test-utils';

const REPO_ROOT = path.resolve(__dirname, '../../..');
// The server every suite uses (BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING, else
// the local one): the same helper as the store tests.
const POSTGRES = testPostgresConnection();

const DOCKERFILE = fs.readFileSync(
  path.join(REPO_ROOT, 'packages/backend/Dockerfile'),
  'utf8',
);
const DOCKERFILE_CMD: string[] = JSON.parse(
  /^CMD (\[.*\])$/m.exec(DOCKERFILE)![1],
);

/** Runs `use` with a connection to one database of the PostgreSQL server. */
async function withPostgres<T>(
  use: (db: Knex) => Promise<T>,
  database = POSTGRES.database,
): Promise<T> {
  const db = knexFactory({
    client: 'pg',
    connection: { ...POSTGRES, database },
  });
  try {
    return await use(db);
  } finally {
    await db.destroy();
  }
}

/** The plugin databases (prefix + plugin id) the backend created. */
async function pluginDatabases(prefix: string): Promise<string[]> {
  return withPostgres(async db =>
    (
      await db('pg_database')
        .select('datname')
        .where('datname', 'like', `${prefix}%`)
    ).map((row: { datname: string }) => row.datname),
  );
}

describe('the production bundle', () => {
  const appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-image-'));
  // Each plugin gets its own database <prefix><plugin id>, dropped afterwards.
  const databasePrefix = `atrium_image_${process.pid}_`;
  const secrets = {
    POSTGRES_PASSWORD: POSTGRES.password,
    AUTH_SESSION_SECRET: `session-${randomBytes(16).toString('hex')}`,
    OIDC_CLIENT_SECRET: `oidc-${randomBytes(16).toString('hex')}`,
    ATRIUM_HUB_TOKEN: '',
    ATRIUM_METRICS_TOKEN: `metrics-${randomBytes(16).toString('hex')}`,
  };
  let baseUrl: string;
  let env: NodeJS.ProcessEnv;
  let hub: StartedJupyterHub;
  let oidc: StartedOidcProvider;
  let backend: StartedService;

  /** The image's CMD (packages/backend/Dockerfile), plus config layers. */
  function imageCommand(extraConfig: string[] = []) {
    const [node, ...args] = DOCKERFILE_CMD;
    expect(node).toBe('node');
    return [
      ...args,
      // Only where this test runs differs from a cluster: the port and database names.
      '--config',
      'app-config.test.yaml',
      ...extraConfig.flatMap(file => ['--config', file]),
    ];
  }

  beforeAll(async () => {
    execFileSync(
      'bash',
      [path.join(REPO_ROOT, 'deploy/test/build-production-bundle.sh'), appDir],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    const port = await freePort();
    baseUrl = `http://localhost:${port}`;
    fs.writeFileSync(
      path.join(appDir, 'app-config.test.yaml'),
      `backend:\n  listen:\n    port: ${port}\n  database:\n    prefix: ${databasePrefix}\n`,
    );
    hub = await startJupyterHub();
    secrets.ATRIUM_HUB_TOKEN = hub.serviceToken;
    oidc = await startOidcProvider({
      clients: [
        {
          client_id: 'atrium',
          client_secret: secrets.OIDC_CLIENT_SECRET,
          redirect_uris: [`${baseUrl}/api/auth/oidc/handler/frame`],
        },
      ],
      accounts: [{ sub: 'ada', email: 'ada@example.org' }],
    });
    // The variables of deploy/kustomize/base: the atrium-env ConfigMap and the Secrets.
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      ATRIUM_BASE_URL: baseUrl,
      POSTGRES_HOST: POSTGRES.host,
      POSTGRES_PORT: String(POSTGRES.port),
      POSTGRES_USER: POSTGRES.user,
      ATRIUM_HUB_URL: hub.url,
      ATRIUM_HUB_PUBLIC_URL: hub.url,
      OIDC_METADATA_URL: oidc.metadataUrl,
      OIDC_CLIENT_ID: 'atrium',
      PROMETHEUS_URL: 'http://127.0.0.1:9',
      ...secrets,
    };
    backend = await startService({
      name: 'atrium (production bundle)',
      command: process.execPath,
      args: imageCommand(),
      cwd: appDir,
      env,
      readyUrl: `${baseUrl}/.backstage/health/v1/readiness`,
      readyTimeoutMs: 120_000,
    });
  }, 600_000);

  afterAll(async () => {
    await backend?.stop();
    await oidc?.stop();
    await hub?.stop();
    const databases = await pluginDatabases(databasePrefix);
    await withPostgres(async db => {
      for (const database of databases) {
        await db.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [database]);
      }
    });
    fs.rmSync(appDir, { recursive: true, force: true });
  }, 60_000);

  it('contains the backend, its workspace packages and the built frontend, but no sources or dev tools', () => {
    expect(
      fs.existsSync(path.join(appDir, 'packages/backend/dist/index.cjs.js')),
    ).toBe(true);
    expect(
      fs.existsSync(path.join(appDir, 'packages/app/dist/index.html')),
    ).toBe(true);
    expect(
      fs.existsSync(path.join(appDir, 'plugins/workspaces-backend/migrations')),
    ).toBe(true);
    expect(
      fs.existsSync(path.join(appDir, 'plugins/workspaces-backend/src')),
    ).toBe(false);
    // Production dependencies only: no test runner, CLI or frontend plugin sources.
    expect(fs.existsSync(path.join(appDir, 'node_modules/jest'))).toBe(false);
    expect(
      fs.existsSync(path.join(appDir, 'node_modules/@backstage/cli')),
    ).toBe(false);
    expect(fs.existsSync(path.join(appDir, 'plugins/workspaces'))).toBe(false);
  });

  it('is the image: the Dockerfile runs the production config and checks the health route', () => {
    expect(DOCKERFILE_CMD).toEqual([
      'node',
      // The portal's OpenTelemetry set-up, before anything else loads.
      '--require',
      './instrumentation.js',
      'packages/backend',
      '--config',
      'app-config.yaml',
      '--config',
      'app-config.production.yaml',
    ]);
    expect(DOCKERFILE).toMatch(
      /^HEALTHCHECK .*\n.*fetch\('http:\/\/127\.0\.0\.1:7007\/\.backstage\/health\/v1\/liveness'\)/m,
    );
    // The final stage runs as the unprivileged node user.
    const finalStage = DOCKERFILE.slice(DOCKERFILE.lastIndexOf('\nFROM '));
    expect(finalStage).toMatch(/^USER node$/m);
    expect(finalStage).not.toMatch(/apt-get|g\+\+/);
  });

  it('is ready and alive on the health routes the probes use', async () => {
    expect(
      (await fetch(`${baseUrl}/.backstage/health/v1/readiness`)).status,
    ).toBe(200);
    expect(
      (await fetch(`${baseUrl}/.backstage/health/v1/liveness`)).status,
    ).toBe(200);
  });

  it('runs on PostgreSQL, one database per plugin', async () => {
    const databases = (await pluginDatabases(databasePrefix)).map(name =>
      name.slice(databasePrefix.length),
    );
    expect(databases).toEqual(
      expect.arrayContaining([
        'workspaces',
        'costs',
        'roles',
        'audit',
        'catalog',
      ]),
    );
  });

  it('has no demo sign-in and offers single sign-on through the OpenID Provider', async () => {
    expect((await fetch(`${baseUrl}/api/auth/demo/refresh`)).status).toBe(404);
    const start = await fetch(
      `${baseUrl}/api/auth/oidc/start?env=production&scope=openid`,
      { redirect: 'manual' },
    );
    expect(start.status).toBe(302);
    expect(start.headers.get('location')).toMatch(
      new RegExp(`^${oidc.issuer}/.*client_id=atrium`),
    );
    const html = await (await fetch(`${baseUrl}/`)).text();
    const [, injected] =
      /<script type="backstage.io\/config">([\s\S]*?)<\/script>/.exec(html) ??
      [];
    // The layers as the frontend reads them.
    const frontendConfig = ConfigReader.fromConfigs(JSON.parse(injected));
    expect(frontendConfig.getString('atrium.signIn.provider')).toBe('oidc');
    expect(frontendConfig.getOptional('atrium.demo.people') ?? []).toEqual([]);
  });

  it('sends none of its secrets to the browser', async () => {
    const pages = await Promise.all(
      ['/', '/catalog', '/workspaces'].map(async page =>
        (await fetch(`${baseUrl}${page}`)).text(),
      ),
    );
    for (const [name, value] of Object.entries(secrets)) {
      for (const page of pages) {
        expect({ name, leaked: page.includes(value) }).toEqual({
          name,
          leaked: false,
        });
      }
    }
  });

  it('registers the product content: the three templates and the curated environments', async () => {
    // Read from the catalog's own tables: production has no anonymous catalog access.
    const refs = async () =>
      withPostgres(
        async db =>
          (
            await db('final_entities')
              .whereNotNull('final_entity')
              .select('entity_ref')
          )
            .map((row: { entity_ref: string }) => row.entity_ref)
            .sort(),
        `${databasePrefix}catalog`,
      );
    const wanted = [
      'template:default/python-analysis',
      'template:default/r-project',
      'template:default/gpu-deep-learning',
      'resource:default/python-data-science-2026.11',
      'resource:default/r-data-science-2026.11',
      'resource:default/gpu-deep-learning-2026.11',
    ];
    const deadline = Date.now() + 90_000;
    const missing = (refsFound: string[]) =>
      wanted.filter(ref => !refsFound.includes(ref));
    let found = await refs();
    while (missing(found).length > 0 && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 1000));
      found = await refs();
    }
    expect(found).toEqual(expect.arrayContaining(wanted));
    // The demo platform and organisation stay demo-only.
    expect(found).not.toContain('component:default/jupyterhub');
    expect(found.filter(ref => ref.startsWith('user:'))).toEqual([]);
  }, 120_000);

  it('seeds no demo usage, budgets or quotas', async () => {
    const counts = await withPostgres(async db => {
      const count = async (query: Knex.QueryBuilder) =>
        Number((await query.count({ n: '*' }))[0].n);
      return {
        demoSessions: await count(db('costs_sessions').where('demo', 1)),
        budgets: await count(db('costs_budgets')),
        quotas: await count(db('costs_quotas')),
      };
    }, `${databasePrefix}costs`);
    expect(counts).toEqual({ demoSessions: 0, budgets: 0, quotas: 0 });
  });

  it('serves its metrics to Prometheus with the static token only', async () => {
    const url = `${baseUrl}/api/platform-health/metrics`;
    expect((await fetch(url)).status).toBe(401);
    const scraped = await fetch(url, {
      headers: { authorization: `Bearer ${secrets.ATRIUM_METRICS_TOKEN}` },
    });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toMatch(/^# (HELP|TYPE) /m);
    // The token opens nothing else: the catalog refuses it.
    const other = await fetch(`${baseUrl}/api/catalog/entities`, {
      headers: { authorization: `Bearer ${secrets.ATRIUM_METRICS_TOKEN}` },
    });
    expect(other.status).toBe(403);
  });

  it('reaches JupyterHub with the service token', async () => {
    // The reconcile task lists the hub's users with the portal's service token (every
    // 30 s, once across replicas); the hub logs each authenticated request.
    const answered = /200 GET \/hub\/api\/users\S* \(portal@/;
    const deadline = Date.now() + 45_000;
    while (!answered.test(hub.output()) && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 1_000));
    }
    expect(hub.output()).toMatch(answered);
  }, 60_000);

  it('refuses to start with a misspelled Atrium key, naming it', async () => {
    const typo = path.join(appDir, 'app-config.typo.yaml');
    fs.writeFileSync(typo, 'costs:\n  demoData:\n    enable: true\n');
    const child = spawn(process.execPath, imageCommand([typo]), {
      cwd: appDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', chunk => (output += chunk));
    child.stderr.on('data', chunk => (output += chunk));
    const exitCode = await new Promise<number | null>(resolve => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('exit', code => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    expect(output).toContain(
      "unknown key 'costs.demoData.enable' (check its spelling; costs.demoData takes enabled)",
    );
    expect(exitCode).toBe(1);
  }, 90_000);
});
