import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import {
  atriumTestBackendFeatures,
  asUser,
} from '@internal/backend-test-features';
import {
  onBehalfOfAuthFactory,
  startJupyterHub,
  type StartedJupyterHub,
} from '@internal/test-utils';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { workspacesPlugin } from '../plugin';

/**
 * Launch sources and reproduce, end to end: a REAL JupyterHub, the REAL catalog
 * backend reading project entities from files, a REAL git repository (a bare one on
 * disk, read with `git ls-remote` through a file:// URL), the real permission backend
 * with Atrium's policy.
 */
export let hub: StartedJupyterHub;
/** The portal's local git root (`atrium.scaffolder.localGit.root`). */
export let dir: string;
/** A folder outside the git root, with a real repository in it. */
export let outside: string;
export let repository: string;

/** A local HTTP server that counts the requests it gets and answers each with `status`. */
async function countingServer(status: number) {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(`${status} from the counting server: secret-internal-detail`);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    requests,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}
/** Not a configured integration: git must never call it. */
export let forbidden: Awaited<ReturnType<typeof countingServer>>;
/** Configured as an integration (a GitHub Enterprise host); has no repositories. */
export let integrated: Awaited<ReturnType<typeof countingServer>>;

/**
 * Starts the hub, the git repositories and the counting servers before the tests of
 * the file that calls it, and removes them after; the `let` exports above are set then.
 */
export function useLaunchSourceFixture() {
  beforeAll(async () => {
    hub = await startJupyterHub();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'atrium-reproduce-'));
    outside = await fs.mkdtemp(path.join(os.tmpdir(), 'atrium-outside-root-'));
    repository = path.join(dir, 'cats-vs-dogs.git');
    git(dir, 'init', '--bare', '--initial-branch=main', repository);
    git(dir, 'clone', repository, path.join(dir, 'work'));
    await commit('README.md', 'Cats vs dogs\n');
    // A real repository with a commit, outside the git root: readable by git, not by Atrium.
    git(outside, 'clone', '-q', '--bare', repository, 'private.git');
    forbidden = await countingServer(200);
    integrated = await countingServer(404);
  });
  afterAll(async () => {
    await hub?.stop();
    await forbidden?.close();
    await integrated?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
    if (outside) await fs.rm(outside, { recursive: true, force: true });
  });
}

/** Who belongs to which team; a test may take someone out of a team and back. */
export const groups: Record<string, string[]> = {
  'user:default/ada': ['group:default/team-vision'],
  // Launches in a test of their own: the hub allows 5 named servers per user.
  'user:default/alan': ['group:default/team-vision'],
  'user:default/grace': ['group:default/team-genomics'],
  'user:default/margaret': ['group:default/platform-admins'],
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', ...args],
    { cwd, encoding: 'utf8' },
  ).trim();
}

/** Commits a file to the repository's main branch; returns the new HEAD. */
export async function commit(file: string, text: string): Promise<string> {
  const work = path.join(dir, 'work');
  await fs.writeFile(path.join(work, file), text);
  git(work, 'add', file);
  git(work, 'commit', '-m', `Add ${file}`);
  git(work, 'push', 'origin', 'HEAD:main');
  return git(work, 'rev-parse', 'HEAD');
}

function projectYaml(
  name: string,
  gitRepository: string,
  owner = 'group:default/team-vision',
) {
  return `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations:
    atrium.io/environment: resource:default/python-data-science-2025.05
    atrium.io/workspace-profile: small
    atrium.io/git-repository: ${gitRepository}
spec:
  type: data-science-project
  lifecycle: experimental
  owner: ${owner}
`;
}

const PROJECTS = () => ({
  'cats-vs-dogs': projectYaml('cats-vs-dogs', `file://${repository}`),
  'lost-repo': projectYaml(
    'lost-repo',
    `file://${path.join(dir, 'nowhere.git')}`,
    'group:default/team-genomics',
  ),
  'genomics-atlas': projectYaml(
    'genomics-atlas',
    `file://${path.join(dir, 'nowhere.git')}`,
    'team-genomics',
  ),
  'internal-scan': projectYaml(
    'internal-scan',
    `http://${forbidden.host}/admin/secret.git`,
  ),
  'outside-root': projectYaml(
    'outside-root',
    `file://${path.join(outside, 'private.git')}`,
  ),
  'on-integration': projectYaml(
    'on-integration',
    `http://${integrated.host}/team-vision/missing.git`,
  ),
});

export async function startBackend() {
  const catalogFile = path.join(dir, 'projects.yaml');
  await fs.writeFile(catalogFile, Object.values(PROJECTS()).join('---\n'));
  const { server } = await startTestBackend({
    features: [
      workspacesPlugin,
      catalogBackend,
      onBehalfOfAuthFactory,
      ...atriumTestBackendFeatures({
        groups,
        config: {
          atrium: { scaffolder: { localGit: { root: dir } } },
          integrations: {
            github: [
              {
                host: integrated.host,
                apiBaseUrl: `http://${integrated.host}/api/v3`,
              },
            ],
          },
          catalog: {
            rules: [{ allow: ['Component', 'Location'] }],
            locations: [{ type: 'file', target: catalogFile }],
          },
          workspaces: {
            jupyterhub: { url: hub.url, apiToken: hub.serviceToken },
            profiles: [
              {
                display_name: 'Small Instance',
                slug: 'small',
                default: true,
                kubespawner_override: { cpu_limit: 2, mem_limit: '8G' },
                profile_options: {
                  image: {
                    display_name: 'Image',
                    choices: {
                      scipy: { display_name: 'SciPy', default: true },
                      pytorch: { display_name: 'PyTorch' },
                    },
                  },
                },
              },
            ],
          },
        },
      }),
    ],
  });
  // The catalog ingests the project files in the background. Asked as a service, as the
  // workspaces plugin asks it (the mock user tokens of a test backend cannot go through
  // the catalog's conditional permission checks).
  for (let attempt = 0; ; attempt++) {
    const found = await Promise.all(
      Object.keys(PROJECTS()).map(name =>
        request(server)
          .get(`/api/catalog/entities/by-name/component/default/${name}`)
          .set('authorization', mockCredentials.service.header()),
      ),
    );
    if (found.every(res => res.status === 200)) break;
    if (attempt > 120) {
      throw new Error(
        `The catalog did not ingest the projects: ${found.map(
          res => res.status,
        )}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  return { server, as: asUser };
}
