import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import permissionBackend from '@backstage/plugin-permission-backend';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import atriumPolicyModule from '@internal/plugin-permission-backend-module-atrium-policy';
// The whole portal runs in this test: a module's test may start other plugins.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import rolesBackend from '@internal/plugin-roles-backend';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import workspacesPlugin from '@internal/plugin-workspaces-backend';
import { workspacesAdmissionExtensionPoint } from '@internal/plugin-workspaces-node';
import {
  onBehalfOfAuthFactory,
  startJupyterHub,
  type StartedJupyterHub,
} from '@internal/test-utils';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { runTemplateOn } from './__testUtils__/runTemplate';
import { FIXTURE_CATALOG, REPO_ROOT } from './__testUtils__/testCatalog';
import catalogModuleAtriumLocalGit from '@internal/plugin-catalog-backend-module-atrium-local-git';
import scaffolderModuleAtrium from './index';

jest.setTimeout(120_000);

/**
 * The python-analysis template run by the REAL scaffolder backend as ada (a data
 * scientist): real catalog (fixture entities + the repo's templates/), real permission
 * backend with Atrium's policy and roles, real workspaces backend on a real JupyterHub.
 */
const TEMPLATES = path.join(REPO_ROOT, 'templates');
const ENVIRONMENTS = path.join(REPO_ROOT, 'environments');
const GPU_REFUSAL =
  "team-vision uses 4 of 4 GPUs: stop 'train-2' or ask an admin";

/** Stands in for the budget/quota work: refuses every GPU launch. */
const refuseGpuModule = createBackendModule({
  pluginId: 'workspaces',
  moduleId: 'test-refuse-gpu',
  register(reg) {
    reg.registerInit({
      deps: { admission: workspacesAdmissionExtensionPoint },
      async init({ admission }) {
        admission.addAdmissionCheck({
          name: 'test-gpu-quota',
          async check(req) {
            return req.resources.gpu > 0
              ? { allowed: false, reason: GPU_REFUSAL }
              : { allowed: true };
          },
        });
      },
    });
  },
});

let hub: StartedJupyterHub;
let gitRoot: string;
let server: any;
let stopBackend: () => Promise<void>;
const ada = mockCredentials.user.header('user:default/ada');

/** Who belongs to which team (what sign-in puts in a user's ownership refs). */
const teams: Record<string, string[]> = {
  'user:default/ada': ['group:default/team-vision'],
  'user:default/margaret': ['group:default/platform-admins'],
};

beforeAll(async () => {
  gitRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-scaffolder-git-'));
  hub = await startJupyterHub();
  const backend = await startTestBackend({
    features: [
      catalogBackend,
      catalogModuleTemplateKind,
      catalogModuleAtriumLocalGit,
      scaffolderBackend,
      scaffolderModuleAtrium,
      workspacesPlugin,
      refuseGpuModule,
      permissionBackend,
      atriumPolicyModule,
      rolesBackend,
      onBehalfOfAuthFactory,
      mockServices.userInfo.mock({
        getUserInfo: async credentials => {
          const ref = (credentials.principal as { userEntityRef: string })
            .userEntityRef;
          return {
            userEntityRef: ref,
            ownershipEntityRefs: [ref, ...(teams[ref] ?? [])],
          };
        },
      }).factory,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          permission: { enabled: true },
          atrium: {
            roles: { admin: ['group:default/platform-admins'] },
            scaffolder: { localGit: { root: gitRoot } },
          },
          catalog: {
            rules: [
              { allow: ['Component', 'Group', 'User', 'Resource', 'Location'] },
            ],
            locations: [
              { type: 'file', target: FIXTURE_CATALOG },
              // The curated environments the portal ships (environments).
              { type: 'file', target: path.join(ENVIRONMENTS, 'all.yaml') },
              {
                type: 'file',
                target: path.join(TEMPLATES, '*/template.yaml'),
                rules: [{ allow: ['Template'] }],
              },
            ],
          },
          workspaces: {
            jupyterhub: { url: hub.url, apiToken: hub.serviceToken },
            profiles: [
              {
                display_name: 'Small Instance',
                slug: 'small',
                default: true,
                kubespawner_override: { cpu_limit: 2, mem_limit: '8G' },
              },
              {
                display_name: 'GPU Instance',
                slug: 'gpu',
                kubespawner_override: {
                  cpu_limit: 8,
                  mem_limit: '32G',
                  extra_resource_limits: { 'nvidia.com/gpu': 1 },
                },
              },
            ],
          },
        },
      }),
    ],
  });
  server = backend.server;
  stopBackend = () => backend.stop();
  // The catalog reads the templates and fixtures in the background.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await request(server)
      .get('/api/catalog/entities/by-name/template/default/python-analysis')
      .set('authorization', ada);
    if (res.status === 200) break;
    if (Date.now() > deadline) {
      const all = await request(server)
        .get('/api/catalog/entities')
        .set('authorization', ada);
      throw new Error(
        `templates never reached the catalog (${res.status}): ${JSON.stringify({
          template: res.body,
          entities: all.body,
        })}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
});

afterAll(async () => {
  await stopBackend?.();
  await hub?.stop();
  fs.rmSync(gitRoot, { recursive: true, force: true });
});

/** Runs a template (as ada unless told) to its end on this backend. */
const runTemplate = (
  values: Record<string, unknown>,
  template = 'python-analysis',
  user = 'ada',
) => runTemplateOn(server, values, template, user);

const git = (...args: string[]) =>
  execFileSync('git', args, { encoding: 'utf8' }).trim();

/** Validates a notebook with Jupyter's own nbformat validator; returns it parsed. */
function validNotebook(content: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-nb-'));
  const file = path.join(dir, 'notebook.ipynb');
  fs.writeFileSync(file, content);
  execFileSync(
    '/usr/bin/python3',
    [
      '-c',
      'import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))',
      file,
    ],
    { cwd: dir },
  );
  fs.rmSync(dir, { recursive: true, force: true });
  return JSON.parse(content);
}

/** Today's date, UTC (what the template writes). */
const today = () => new Date().toISOString().slice(0, 10);

describe('python-analysis through the real scaffolder', () => {
  it('publishes, registers and launches a project for a data scientist', async () => {
    const dayBefore = today();
    const { task, log, output } = await runTemplate({
      name: 'churn-forecast',
      owner: 'group:default/team-vision',
      description: 'Which customers leave: a first look',
      environment: 'resource:default/python-data-science-2026.11',
      profile: 'small',
      launchWorkspace: true,
      publishTo: 'local',
    });
    expect({ status: task.status, log }).toMatchObject({ status: 'completed' });

    // One commit, by ada, holding the expected files.
    const repoPath = path.join(gitRoot, 'team-vision', 'churn-forecast.git');
    const remoteUrl = `file://${repoPath}`;
    expect(
      git('--git-dir', repoPath, 'log', '--format=%an <%ae>|%s', 'main'),
    ).toBe(
      'Ada Lovelace <ada@example.org>|Scaffolded from python-analysis 1.0.0',
    );
    expect(
      git('--git-dir', repoPath, 'ls-tree', '-r', '--name-only', 'main')
        .split('\n')
        .sort(),
    ).toEqual([
      '.gitignore',
      'README.md',
      'REPRODUCIBILITY.md',
      'catalog-info.yaml',
      'environment.yml',
      'notebooks/01-explore.ipynb',
    ]);
    const show = (file: string) =>
      git('--git-dir', repoPath, 'show', `main:${file}`);

    // The project's environment.yml is the curated version's, package for package.
    expect(parse(show('environment.yml'))).toEqual(
      parse(
        fs.readFileSync(
          path.join(
            ENVIRONMENTS,
            'python-data-science/2026.11/environment.yml',
          ),
          'utf8',
        ),
      ),
    );
    const info = parse(show('catalog-info.yaml'));
    expect(info).toMatchObject({
      kind: 'Component',
      metadata: {
        name: 'churn-forecast',
        description: 'Which customers leave: a first look',
        annotations: {
          'atrium.io/environment':
            'resource:default/python-data-science-2026.11',
          'atrium.io/workspace-profile': 'small',
          'atrium.io/template': 'template:default/python-analysis@1.0.0',
          'atrium.io/git-repository': remoteUrl,
          'backstage.io/source-location': `url:${remoteUrl}`,
        },
      },
      spec: {
        type: 'data-science-project',
        owner: 'group:default/team-vision',
      },
    });
    expect(show('.gitignore')).toMatch(/^data\/$/m);
    expect(show('.gitignore')).toMatch(/^outputs\/$/m);
    const reproducibility = show('REPRODUCIBILITY.md');
    expect(reproducibility).toContain(
      '`resource:default/python-data-science-2026.11`',
    );
    expect(reproducibility).toMatch(/\| workspace profile \| `small` +\|/);
    expect(reproducibility).toContain('version 1.0.0');
    // The day the task ran: the one before it started or after it ended (it may have
    // crossed midnight UTC).
    expect(reproducibility).toMatch(new RegExp(`${dayBefore}|${today()}`));
    // The notebook is valid nbformat 4 (checked by Jupyter's own validator).
    const notebook = validNotebook(show('notebooks/01-explore.ipynb'));
    expect(notebook.cells[0].source[0]).toBe(
      '# churn-forecast: first look at the data\n',
    );
    expect(notebook.metadata.kernelspec.name).toBe('python3');

    // Registered: ada sees the project in the catalog, although she may not register
    // locations herself (Atrium's policy keeps that for admins).
    const entity = await request(server)
      .get('/api/catalog/entities/by-name/component/default/churn-forecast')
      .set('authorization', ada);
    expect(entity.status).toBe(200);
    expect(
      entity.body.metadata.annotations['backstage.io/managed-by-location'],
    ).toBe(`atrium-git:${remoteUrl}`);
    const ownRegistration = await request(server)
      .post('/api/catalog/locations')
      .set('authorization', ada)
      .send({ type: 'atrium-git', target: remoteUrl });
    expect(ownRegistration.status).toBe(403);

    // The workspace runs on the hub, as ada, for the project.
    const workspaces = await request(server)
      .get('/api/workspaces/workspaces')
      .query({ project: 'component:default/churn-forecast' })
      .set('authorization', ada);
    expect(workspaces.body.items).toHaveLength(1);
    const [workspace] = workspaces.body.items;
    expect(workspace).toMatchObject({
      owner: 'user:default/ada',
      name: 'churn-forecast',
      profile: 'small',
      project: 'component:default/churn-forecast',
      environment: 'resource:default/python-data-science-2026.11',
    });
    expect(workspace.status).toBe('running');
    // It starts at the commit the template published (what "Reproduce" relaunches).
    expect(workspace.gitCommit).toBe(
      git('--git-dir', repoPath, 'rev-parse', 'main'),
    );
    const hubUser = await fetch(`${hub.apiUrl}/users/ada`, {
      headers: { authorization: `token ${hub.serviceToken}` },
    }).then(r => r.json());
    expect(Object.keys(hubUser.servers)).toContain('churn-forecast');

    // The task's output: what the task page links to.
    expect(output.links).toEqual([
      {
        title: 'Open in catalog',
        icon: 'catalog',
        entityRef: 'component:default/churn-forecast',
      },
      {
        title: 'Workspace',
        icon: 'dashboard',
        url: '/catalog/default/component/churn-forecast/workspaces',
      },
      // The launch waits (up to 20 s) for the server: the hub spawns in 2-5 s.
      {
        title: 'Open the notebook',
        url: `${hub.url}/user/ada/churn-forecast/`,
      },
    ]);
    expect(output.entityRef).toBe('component:default/churn-forecast');
    expect(output.text[0].content).toContain(`git clone ${remoteUrl}`);
    expect(log).toContain('component:default/churn-forecast is in the catalog');
    expect(log).toContain(
      `Created workspace 'churn-forecast' (${workspace.id})`,
    );
  });

  it('refuses a deprecated environment before anything is written', async () => {
    const { task, log } = await runTemplate({
      name: 'old-stack',
      owner: 'group:default/team-vision',
      description: "On last year's stack",
      environment: 'resource:default/python-data-science-2025.05',
      profile: 'small',
      launchWorkspace: true,
    });
    expect(task.status).toBe('failed');
    expect(log).toContain(
      'python-data-science 2025.05 is deprecated: choose 2026.11',
    );
    expect(
      fs.existsSync(path.join(gitRoot, 'team-vision', 'old-stack.git')),
    ).toBe(false);
  });

  it("fails the launch step with the workspaces backend's refusal", async () => {
    const { task, log } = await runTemplate({
      name: 'gpu-attempt',
      owner: 'group:default/team-vision',
      description: 'Needs a GPU',
      environment: 'resource:default/python-data-science-2026.11',
      profile: 'gpu',
      launchWorkspace: true,
    });
    expect(task.status).toBe('failed');
    expect(log).toContain(
      `The workspace 'gpu-attempt' was created but not started: ${GPU_REFUSAL}`,
    );
    // Everything before the launch stays done: the project exists.
    const entity = await request(server)
      .get('/api/catalog/entities/by-name/component/default/gpu-attempt')
      .set('authorization', ada);
    expect(entity.status).toBe(200);
  });

  it.each([
    ['r-project', 'r-data-science', 'small', 'ir'],
    ['gpu-deep-learning', 'gpu-deep-learning', 'gpu', 'python3'],
  ])(
    'scaffolds the %s template on its environment',
    async (template, environment, profile, kernel) => {
      const name = `${template}-demo`;
      const { task, log } = await runTemplate(
        {
          name,
          owner: 'group:default/team-vision',
          description: `A ${template} project`,
          environment: `resource:default/${environment}-2026.11`,
          profile,
          launchWorkspace: false,
        },
        template,
      );
      expect({ status: task.status, log }).toMatchObject({
        status: 'completed',
      });
      const repoPath = path.join(gitRoot, 'team-vision', `${name}.git`);
      const show = (file: string) =>
        git('--git-dir', repoPath, 'show', `main:${file}`);
      expect(parse(show('environment.yml'))).toEqual(
        parse(
          fs.readFileSync(
            path.join(ENVIRONMENTS, environment, '2026.11/environment.yml'),
            'utf8',
          ),
        ),
      );
      expect(
        parse(show('catalog-info.yaml')).metadata.annotations,
      ).toMatchObject({
        'atrium.io/environment': `resource:default/${environment}-2026.11`,
        'atrium.io/workspace-profile': profile,
        'atrium.io/template': `template:default/${template}@1.0.0`,
      });
      const notebook = validNotebook(show('notebooks/01-explore.ipynb'));
      expect(notebook.metadata.kernelspec.name).toBe(kernel);
      const entity = await request(server)
        .get(`/api/catalog/entities/by-name/component/default/${name}`)
        .set('authorization', ada);
      expect(entity.status).toBe(200);
    },
  );

  it('refuses a team the person running the template is not in, before anything is written', async () => {
    const { task, log } = await runTemplate({
      name: 'admin-takeover',
      owner: 'group:default/platform-admins',
      description: 'Owned by a team ada is not in',
      environment: 'resource:default/python-data-science-2026.11',
      profile: 'small',
      launchWorkspace: false,
    });
    expect(task.status).toBe('failed');
    expect(log).toContain(
      'You are not a member of group:default/platform-admins: choose one of your teams (team-vision)',
    );
    expect(
      fs.existsSync(
        path.join(gitRoot, 'platform-admins', 'admin-takeover.git'),
      ),
    ).toBe(false);
    const entity = await request(server)
      .get('/api/catalog/entities/by-name/component/default/admin-takeover')
      .set('authorization', ada);
    expect(entity.status).toBe(404);
  });

  it('lets an admin create a project for any team', async () => {
    const { task, log } = await runTemplate(
      {
        name: 'genomics-handover',
        owner: 'group:default/team-genomics',
        description: 'Set up by an admin for the genomics team',
        environment: 'resource:default/python-data-science-2026.11',
        profile: 'small',
        launchWorkspace: false,
      },
      'python-analysis',
      'margaret',
    );
    expect({ status: task.status, log }).toMatchObject({
      status: 'completed',
    });
    const entity = await request(server)
      .get('/api/catalog/entities/by-name/component/default/genomics-handover')
      .set('authorization', ada);
    expect(entity.status).toBe(200);
    expect(entity.body.spec.owner).toBe('group:default/team-genomics');
  });
});
