import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { ConfigSchema, ConfigSources } from '@backstage/config-loader';
import type { JsonObject } from '@backstage/types';
import { parse } from 'yaml';
import {
  assertValidAtriumConfig,
  findAtriumConfigProblems,
  findAtriumSchemaPackages,
  loadAtriumConfigSchema,
} from './atriumConfig';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const BACKEND_DIR = path.resolve(__dirname, '..');

/** Reads config files as the backend does, with every ${VARIABLE} set to '1'. */
async function readConfigFiles(files: string[]) {
  const source = ConfigSources.default({
    argv: files.flatMap(file => ['--config', path.resolve(REPO_ROOT, file)]),
    substitutionFunc: async () => '1',
    watch: false,
  });
  const config = await ConfigSources.toConfig(source);
  const data = config.get<JsonObject>();
  config.close();
  return new ConfigReader(data);
}

function withAppConfig(extra: object) {
  return ConfigReader.fromConfigs([
    {
      context: 'app-config.yaml',
      data: {
        workspaces: { jupyterhub: { url: 'http://hub', apiToken: 'token' } },
      },
    },
    { context: 'test', data: extra as any },
  ]);
}

describe('strict validation of Atrium config keys', () => {
  let schema: ConfigSchema;

  beforeAll(async () => {
    // From source the schemas are compiled from each package's config.d.ts.
    schema = await loadAtriumConfigSchema(
      findAtriumSchemaPackages(path.join(BACKEND_DIR, 'package.json')),
    );
  }, 120_000);

  it('reads the schemas of every Atrium package the backend runs that declares one', () => {
    const names = findAtriumSchemaPackages(
      path.join(BACKEND_DIR, 'package.json'),
    ).map(file => JSON.parse(fs.readFileSync(file, 'utf8')).name);
    expect(names).toEqual(
      expect.arrayContaining([
        '@internal/plugin-workspaces-backend',
        '@internal/plugin-costs-backend',
        '@internal/plugin-platform-health-backend',
        '@internal/plugin-roles-backend',
        '@internal/plugin-audit-node',
        '@internal/plugin-scaffolder-backend-module-atrium',
        'app',
      ]),
    );
  });

  it.each([
    [['app-config.yaml']],
    [['app-config.yaml', 'app-config.production.yaml']],
    [['app-config.yaml', 'app-config.production.yaml', 'app-config.ldap.yaml']],
    [['app-config.yaml', 'e2e-tests/app-config.e2e.yaml']],
    [['app-config.yaml', 'e2e-tests/app-config.oidc.yaml']],
    [
      [
        'app-config.yaml',
        'deploy/kustomize/base/app-config.production.yaml',
        'deploy/kustomize/base/app-config.site.yaml',
      ],
    ],
  ])('accepts the repository config %j', async files => {
    const config = await readConfigFiles(files);
    expect(findAtriumConfigProblems(config, schema)).toEqual([]);
  });

  it('accepts the example overlay site layer', async () => {
    const patch = parse(
      fs.readFileSync(
        path.join(
          REPO_ROOT,
          'deploy/kustomize/overlays/production-example/patches/site-config.yaml',
        ),
        'utf8',
      ),
    );
    const site = parse(patch.data['app-config.site.yaml']);
    expect(findAtriumConfigProblems(withAppConfig(site), schema)).toEqual([]);
  });

  it('names a misspelled key, where it is, and the keys allowed there', () => {
    const problems = findAtriumConfigProblems(
      withAppConfig({
        workspaces: { jupyterhub: { urll: 'http://hub' } },
        costs: { demoData: { enabeld: false } },
      }),
      schema,
    );
    expect(problems.sort()).toEqual([
      "unknown key 'costs.demoData.enabeld' (check its spelling; costs.demoData takes enabled)",
      "unknown key 'workspaces.jupyterhub.urll' (check its spelling; workspaces.jupyterhub takes apiToken, publicUrl, requestTimeout, spawnTimeout, url)",
    ]);
  });

  it('names wrong keys inside lists, and top-level keys no Atrium plugin reads', () => {
    const problems = findAtriumConfigProblems(
      withAppConfig({
        platformHealth: { clusters: [{ name: 'c', inClustre: true }] },
        environments: { catalog: 'x' },
        dataAccesss: { nebariSharedFolders: {} },
        workspace: { profiles: [] },
      }),
      schema,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          "unknown key 'platformHealth.clusters.0.inClustre'",
        ),
        // environments is read (environments.condaStore): a key under it is checked.
        "unknown key 'environments.catalog' (check its spelling; environments takes condaStore)",
        expect.stringContaining("unknown top-level key 'dataAccesss'"),
        "unknown top-level key 'workspace' (did you mean 'workspaces'?)",
      ]),
    );
  });

  it('names values of the wrong type or outside the allowed ones', () => {
    const problems = findAtriumConfigProblems(
      withAppConfig({
        atrium: { signIn: { provider: 'oidcc' } },
        costs: { alerts: { thresholds: 'fifty' } },
      }),
      schema,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /'atrium\.signIn\.provider' must be equal to one of the allowed values/,
        ),
        expect.stringMatching(/'costs\.alerts\.thresholds' must be array/),
      ]),
    );
  });

  it('leaves Backstage keys and missing values to Backstage and the plugins', () => {
    const config = ConfigReader.fromConfigs([
      {
        context: 'test',
        data: {
          backend: { someFutureBackstageKey: true },
          // No url or apiToken: the workspaces plugin reports what it needs itself.
          workspaces: { jupyterhub: {} },
        },
      },
    ]);
    expect(findAtriumConfigProblems(config, schema)).toEqual([]);
    expect(() => assertValidAtriumConfig(config, schema)).not.toThrow();
  });

  it('refuses to start the backend with a misspelled key, and says which', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-config-'));
    const layer = path.join(dir, 'app-config.typo.yaml');
    fs.writeFileSync(
      layer,
      'workspaces:\n  idleCulling:\n    schedul: { frequency: { minutes: 5 } }\n',
    );
    const child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
        'src/index.ts',
        '--config',
        '../../app-config.yaml',
        '--config',
        layer,
      ],
      {
        cwd: BACKEND_DIR,
        env: { ...process.env, NODE_ENV: 'development' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', chunk => (output += chunk));
    child.stderr.on('data', chunk => (output += chunk));
    const exitCode = await new Promise<number | null>(resolve => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      child.on('exit', code => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    expect(output).toContain(
      "unknown key 'workspaces.idleCulling.schedul' (check its spelling; workspaces.idleCulling takes idle_culler, policies, schedule)",
    );
    fs.rmSync(dir, { recursive: true, force: true });
    expect(exitCode).toBe(1);
    // It stopped before any plugin started.
    expect(output).not.toMatch(/Listening on/);
  }, 120_000);
});
