import { createServiceFactory } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  startTestBackend,
  type TestDatabaseId,
  type TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsBackend from '@backstage/plugin-notifications-backend';
import {
  asUser,
  atriumTestBackendFeatures,
  testDatabaseFeature,
} from '@internal/backend-test-features';
import {
  atriumAuditorServiceFactory,
  auditEventSinkServiceRef,
  type AuditEventSink,
} from '@internal/plugin-audit-node';
// The results plugin reads notebooks through the workspaces backend: the test starts
// the real one on the real hub, as production runs them side by side.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import workspacesPlugin from '@internal/plugin-workspaces-backend';
import {
  onBehalfOfAuthFactory,
  type StartedJupyterHub,
} from '@internal/test-utils';
import { resultsPlugin } from '../plugin';

export const GROUPS: Record<string, string[]> = {
  'user:default/ada': ['group:default/team-vision'],
  'user:default/alan': ['group:default/team-vision'],
  'user:default/grace': ['group:default/team-genomics'],
  'user:default/margaret': ['group:default/platform-admins'],
};

const user = (name: string, group?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { memberOf: group ? [group] : [] },
  relations: group ? [{ type: 'memberOf', targetRef: `group:default/${group}` }] : [],
});

/** The demo org, and the project `cats-vs-dogs` of team-vision with its local repository. */
export function testEntities(projectRepoUrl: string): Entity[] {
  return [
    user('ada', 'team-vision'),
    user('alan', 'team-vision'),
    user('grace', 'team-genomics'),
    user('linus'),
    user('margaret', 'platform-admins'),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'cats-vs-dogs',
        namespace: 'default',
        annotations: { 'atrium.io/git-repository': projectRepoUrl },
      },
      spec: { type: 'data-science-project', lifecycle: 'experimental', owner: 'team-vision' },
    },
  ];
}

/**
 * The results and workspaces routes on a test backend with the REAL JupyterHub, the
 * real notifications backend, the real permission backend with Atrium's policy, and
 * audit events as the audit log receives them.
 */
export async function startResultsBackend(options: {
  hub: StartedJupyterHub;
  gitRoot: string;
  entities: Entity[];
  databases: TestDatabases;
  databaseId: TestDatabaseId;
  maxNotebookBytes?: number;
}) {
  const auditEvents: Parameters<AuditEventSink['publish']>[0][] = [];
  const { server } = await startTestBackend({
    features: [
      resultsPlugin,
      workspacesPlugin,
      notificationsBackend,
      testDatabaseFeature(options.databases, options.databaseId).feature,
      atriumAuditorServiceFactory,
      createServiceFactory({
        service: auditEventSinkServiceRef,
        deps: {},
        factory: () => ({
          publish: event => auditEvents.push(event),
          subscribe: () => {},
        }),
      }),
      catalogServiceMock.factory({ entities: options.entities }),
      // On-behalf-of tokens name their plugin as the actor, as real ones do: the
      // permission backend applies the results rules only to such requests.
      onBehalfOfAuthFactory,
      ...atriumTestBackendFeatures({
        groups: GROUPS,
        config: {
          app: { baseUrl: 'http://localhost:3000' },
          atrium: { scaffolder: { localGit: { root: options.gitRoot } } },
          results: { maxNotebookBytes: options.maxNotebookBytes ?? 50 * 1024 * 1024 },
          workspaces: {
            jupyterhub: { url: options.hub.url, apiToken: options.hub.serviceToken },
            profiles: [
              {
                display_name: 'Small Instance',
                slug: 'small',
                default: true,
                kubespawner_override: { cpu_limit: 2, mem_limit: '8G' },
              },
            ],
          },
        },
      }),
    ],
  });
  return { server, as: asUser, auditEvents };
}
