import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { ConfigSchema, ConfigSources } from '@backstage/config-loader';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import permissionBackend from '@backstage/plugin-permission-backend';
import auditPlugin from '@internal/plugin-audit-backend';
import { atriumAuditorServiceFactory } from '@internal/plugin-audit-node';
import costsPlugin from '@internal/plugin-costs-backend';
import atriumPolicyModule from '@internal/plugin-permission-backend-module-atrium-policy';
import rolesBackend from '@internal/plugin-roles-backend';
import workspacesPlugin from '@internal/plugin-workspaces-backend';
import workspacesModuleCosts from '@internal/plugin-workspaces-backend-module-costs';
import { startJupyterHub, type StartedJupyterHub } from '@internal/test-utils';
import request from 'supertest';
import { parse } from 'yaml';
import {
  assertValidAtriumConfig,
  findAtriumSchemaPackages,
  loadAtriumConfigSchema,
} from './atriumConfig';

jest.setTimeout(180_000);

const REPO_ROOT = path.resolve(__dirname, '../../..');
/** Nebari profile lists pasted verbatim into Atrium configs (each file names its source). */
const FIXTURES = 'plugins/workspaces-backend/src/__fixtures__/nebari';
const fixture = (name: string) => `${FIXTURES}/${name}`;

/** Reads config files as the backend does at start, with every ${VARIABLE} set to '1'. */
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

/** The `workspaces.profiles` list of a fixture, as YAML reads it. */
const pastedProfiles = (name: string): any[] =>
  parse(fs.readFileSync(path.resolve(REPO_ROOT, fixture(name)), 'utf8'))
    .workspaces.profiles;

const groups: Record<string, string[]> = {
  'user:default/ada': ['group:default/team-vision', 'group:default/gpu-access'],
  'user:default/grace': ['group:default/team-genomics'],
};

let schema: ConfigSchema;
let hub: StartedJupyterHub;
beforeAll(async () => {
  [schema, hub] = await Promise.all([
    loadAtriumConfigSchema(
      findAtriumSchemaPackages(path.resolve(__dirname, '../package.json')),
    ),
    startJupyterHub(),
  ]);
}, 180_000);
afterAll(async () => {
  await hub?.stop();
});

/** The backend's workspaces and costs plugins on `config`, with a real JupyterHub. */
async function startBackend(config: ConfigReader) {
  const data = config.get<JsonObject>();
  const { server } = await startTestBackend({
    features: [
      workspacesPlugin,
      costsPlugin,
      workspacesModuleCosts,
      rolesBackend,
      permissionBackend,
      atriumPolicyModule,
      auditPlugin,
      atriumAuditorServiceFactory,
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.userInfo.mock({
        getUserInfo: async credentials => {
          const ref = (credentials.principal as { userEntityRef: string })
            .userEntityRef;
          return {
            userEntityRef: ref,
            ownershipEntityRefs: [ref, ...(groups[ref] ?? [])],
          };
        },
      }).factory,
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          atrium: data.atrium,
          costs: {
            ...(data.costs as JsonObject),
            demoData: { enabled: false },
          },
          workspaces: {
            ...(data.workspaces as JsonObject),
            jupyterhub: { url: hub.url, apiToken: hub.serviceToken },
            reconcile: { schedule: { frequency: { minutes: 10 } } },
          },
        },
      }),
    ],
  });
  const as = (user: string) =>
    mockCredentials.user.header(`user:default/${user}`);
  return { server, as };
}

describe("Nebari's profiles.jupyterlab, pasted verbatim into workspaces.profiles", () => {
  it.each([
    'advanced-configuration.yaml',
    'advanced-profiles-settings.yaml',
    'qhub-config-aws-310.yaml',
  ])(
    '%s passes the config check the backend runs at start, loaded as pasted',
    async name => {
      const config = await readConfigFiles(['app-config.yaml', fixture(name)]);
      expect(() => assertValidAtriumConfig(config, schema)).not.toThrow();
      expect(config.get('workspaces.profiles')).toEqual(pastedProfiles(name));
    },
  );

  it('still refuses a misspelled profile key, while any KubeSpawner key passes', async () => {
    const profiles = pastedProfiles('advanced-configuration.yaml');
    const pass = ConfigReader.fromConfigs([
      {
        context: 'test',
        data: {
          workspaces: {
            profiles: [
              {
                ...profiles[0],
                kubespawner_override: {
                  ...profiles[0].kubespawner_override,
                  tolerations: [{ key: 'gpu', operator: 'Exists' }],
                  a_kubespawner_setting_of_next_year: { deep: [1, 2] },
                },
              },
            ],
          },
        },
      },
    ]);
    expect(() => assertValidAtriumConfig(pass, schema)).not.toThrow();
    const typo = ConfigReader.fromConfigs([
      {
        context: 'test',
        data: {
          workspaces: {
            profiles: [{ ...profiles[0], kubespawner_overide: {} }],
          },
        },
      },
    ]);
    expect(() => assertValidAtriumConfig(typo, schema)).toThrow(
      "unknown key 'workspaces.profiles.0.kubespawner_overide'",
    );
    const problems = (() => {
      try {
        assertValidAtriumConfig(
          ConfigReader.fromConfigs([
            {
              context: 'test',
              data: {
                workspaces: {
                  profiles: [
                    {
                      display_name: 'Custom',
                      kubespawner_override: { cpu_limit: 'two' },
                      profile_options: {
                        image: {
                          display_name: 'Image',
                          choices: {
                            a: { display_name: 'A', kubespawner_overide: {} },
                          },
                          unlisted_choice: { enabeld: true },
                        },
                      },
                    },
                  ],
                },
              },
            },
          ]),
          schema,
        );
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const problem of [
      "'workspaces.profiles.0.kubespawner_override.cpu_limit' must be number,null (type=number,null)",
      "unknown key 'workspaces.profiles.0.profile_options.image.choices.a.kubespawner_overide' (check its spelling; workspaces.profiles.0.profile_options.image.choices.a takes default, display_name, kubespawner_override)",
      "unknown key 'workspaces.profiles.0.profile_options.image.unlisted_choice.enabeld' (check its spelling; workspaces.profiles.0.profile_options.image.unlisted_choice takes display_name, display_name_in_choices, enabled, kubespawner_override, validation_message, validation_regex)",
    ]) {
      expect(problems).toContain(problem);
    }
  });

  it('starts the backend with them: lists, prices and launches the profiles under the slugs KubeSpawner gives them', async () => {
    const config = await readConfigFiles([
      'app-config.yaml',
      fixture('advanced-configuration.yaml'),
    ]);
    assertValidAtriumConfig(config, schema);
    const { server, as } = await startBackend(config);
    const pasted = pastedProfiles('advanced-configuration.yaml');

    const listed = await request(server)
      .get('/api/workspaces/profiles')
      .set('authorization', as('ada'));
    expect(listed.status).toBe(200);
    expect(
      listed.body.items.map((p: any) => [p.slug, p.display_name, p.resources]),
    ).toEqual([
      ['small-instance', 'Small Instance', { cpu: 2, memoryGiB: 8, gpu: 0 }],
      ['medium-instance', 'Medium Instance', { cpu: 4, memoryGiB: 16, gpu: 0 }],
      [
        'a100-gpu-instance-1x',
        'A100 GPU Instance 1x',
        {
          cpu: 12,
          memoryGiB: 85,
          gpu: 1,
          gpuType: 'nvidia.com/gpu',
          image: 'quay.io/nebari/nebari-jupyterlab-gpu:2023.7.2',
        },
      ],
    ]);
    // Nebari's KubeSpawner keys come back as pasted, none dropped or renamed.
    expect(listed.body.items[2].kubespawner_override).toEqual(
      pasted[2].kubespawner_override,
    );

    // access: yaml with groups: [gpu-access]
    const forGrace = await request(server)
      .get('/api/workspaces/profiles')
      .set('authorization', as('grace'));
    expect(forGrace.body.items.map((p: any) => p.slug)).toEqual([
      'small-instance',
      'medium-instance',
    ]);

    // The costs plugin prices the GPU that extra_resource_limits asks for.
    const prices = await request(server)
      .get('/api/costs/prices')
      .set('authorization', as('ada'));
    expect(prices.status).toBe(200);
    const hourly = Object.fromEntries(
      prices.body.profiles.map((p: any) => [p.profile, p.hourly]),
    );
    expect(Object.keys(hourly)).toEqual([
      'small-instance',
      'medium-instance',
      'a100-gpu-instance-1x',
    ]);
    expect(
      hourly['a100-gpu-instance-1x'] - 6 * hourly['small-instance'],
    ).toBeCloseTo(
      // 12 CPU and 85 GiB are 6 Small Instances (2 CPU, 8 GiB) plus 37 GiB, and one GPU.
      37 * prices.body.sheets.at(-1).memoryGiBHour +
        prices.body.sheets.at(-1).gpuHour['nvidia.com/gpu'],
      3,
    );

    const created = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('ada'))
      .send({ name: 'nebari-a100', profile: 'a100-gpu-instance-1x' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      profile: 'a100-gpu-instance-1x',
      resources: { cpu: 12, memoryGiB: 85, gpu: 1 },
    });
    // What the hub received names the profile as its KubeSpawner knows it.
    const hubUser = await fetch(`${hub.apiUrl}/users/ada`, {
      headers: { authorization: `token ${hub.serviceToken}` },
    }).then(res => res.json());
    expect(hubUser.servers['nebari-a100'].user_options).toEqual({
      profile: 'a100-gpu-instance-1x',
    });

    const refused = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('grace'))
      .send({ name: 'not-mine', profile: 'a100-gpu-instance-1x' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain(
      "Profile 'A100 GPU Instance 1x' is not available to you",
    );

    // Let the start settle (the progress stream ends) before stopping.
    await request(server)
      .get(`/api/workspaces/workspaces/${created.body.id}/progress`)
      .set('authorization', as('ada'))
      .buffer(true)
      .parse((response, callback) => {
        response.on('data', () => {});
        response.on('end', () => callback(null, ''));
      });
    const stopped = await request(server)
      .post(`/api/workspaces/workspaces/${created.body.id}/stop`)
      .set('authorization', as('ada'));
    expect(stopped.status).toBeLessThan(300);
  });
});
