import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { rootConfigServiceFactory } from '@backstage/backend-defaults/rootConfig';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import { startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import ldapOrgModule from '@backstage/plugin-catalog-backend-module-ldap';
import permissionBackend from '@backstage/plugin-permission-backend';
import demoProviderModule, {
  DEMO_USER_HEADER,
} from '@internal/plugin-auth-backend-module-demo-provider';
import atriumPolicyModule from '@internal/plugin-permission-backend-module-atrium-policy';
import rolesPlugin from '@internal/plugin-roles-backend';
import {
  DEMO_ORG_LDIF_FILE,
  startSlapd,
  type StartedSlapd,
} from '@internal/test-utils';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';

/*
 * Organisation sync from LDAP, end to end: Debian's slapd serves dev/ldap/demo-org.ldif;
 * the backend runs on the PRODUCTION config layering (app-config.yaml, then
 * app-config.production.yaml, whose catalog.providers.ldapOrg is read from the LDAP_*
 * variables), plus a test layer that syncs every 2 s and turns demo sign-in on to get
 * real tokens. Auth, httpAuth, userInfo, permissions and the scheduler are the real
 * services, so a token issued by the auth backend is what the roles backend checks.
 * examples/org.yaml is never loaded (production has no catalog.locations).
 */

jest.setTimeout(180_000);

const root = path.resolve(__dirname, '../../..');
const PEOPLE = 'ou=people,dc=atrium,dc=example';
const GROUPS = 'ou=groups,dc=atrium,dc=example';

let slapd: StartedSlapd;
let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
let configDir: string;
const savedEnv = { ...process.env };

/** Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs`. */
async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(
    `timed out waiting for ${what}${
      last ? `: ${last}` : ''
    }\n--- slapd ---\n${slapd.output()}`,
  );
}

/** Signs in through the demo provider: a real Backstage token for the catalog user. */
async function signIn(person: string) {
  const res = await request(server)
    .get('/api/auth/demo/refresh')
    .set(DEMO_USER_HEADER, person);
  if (res.status !== 200) return undefined;
  return res.body.backstageIdentity as {
    token: string;
    identity: { userEntityRef: string; ownershipEntityRefs: string[] };
  };
}

async function roleOf(person: string): Promise<string | undefined> {
  const identity = await signIn(person);
  if (!identity) return undefined;
  const res = await request(server)
    .get('/api/roles/me')
    .set('authorization', `Bearer ${identity.token}`);
  return res.status === 200 ? res.body.role : undefined;
}

beforeAll(async () => {
  slapd = await startSlapd({ ldif: readFileSync(DEMO_ORG_LDIF_FILE, 'utf8') });

  // What a production deployment sets (app-config.ldap.yaml reads these).
  Object.assign(process.env, {
    LDAP_URL: slapd.url,
    LDAP_BIND_DN: slapd.bindDn,
    LDAP_BIND_PASSWORD: slapd.bindPassword,
    LDAP_USERS_BASE_DN: PEOPLE,
    LDAP_GROUPS_BASE_DN: GROUPS,
    ATRIUM_BASE_URL: 'http://localhost:7007',
    ATRIUM_METRICS_TOKEN: 'prometheus-scrape-token-for-tests',
  });

  // The test layer (JSON is YAML): SQLite in memory, sync every 2 s, demo sign-in for
  // margaret and linus.
  configDir = mkdtempSync(path.join(os.tmpdir(), 'atrium-ldap-test-'));
  const testConfig = path.join(configDir, 'app-config.test.yaml');
  writeFileSync(
    testConfig,
    JSON.stringify({
      // Each plugin's database in memory, not production's PostgreSQL.
      backend: {
        database: { client: 'better-sqlite3', connection: ':memory:' },
      },
      auth: { environment: 'development', providers: { demo: {} } },
      atrium: {
        demo: { people: [{ name: 'margaret' }, { name: 'linus' }] },
        roles: {
          admin: ['group:default/platform-admins'],
          devops: ['group:default/platform-ops'],
        },
      },
      catalog: {
        providers: {
          ldapOrg: {
            default: { schedule: { frequency: 'PT2S', timeout: 'PT1M' } },
          },
        },
      },
    }),
  );

  ({ server } = await startTestBackend({
    features: [
      rootConfigServiceFactory({
        argv: [
          ...['--config', path.join(root, 'app-config.yaml')],
          ...['--config', path.join(root, 'app-config.production.yaml')],
          ...['--config', path.join(root, 'app-config.ldap.yaml')],
          ...['--config', testConfig],
        ],
        watch: false,
      }),
      authServiceFactory,
      httpAuthServiceFactory,
      userInfoServiceFactory,
      permissionsServiceFactory,
      schedulerServiceFactory,
      catalogPlugin,
      ldapOrgModule,
      authPlugin,
      demoProviderModule,
      permissionBackend,
      atriumPolicyModule,
      rolesPlugin,
    ],
  }));
});

afterAll(async () => {
  process.env = savedEnv;
  if (configDir) rmSync(configDir, { recursive: true, force: true });
  await slapd?.stop();
});

describe('organisation sync from LDAP', () => {
  it('brings users and groups from LDAP into the catalog, with their memberships', async () => {
    // Ingestion runs in the background: wait until margaret can sign in.
    const margaret = await eventually('margaret in the catalog', () =>
      signIn('margaret'),
    );
    expect(margaret.identity.userEntityRef).toBe('user:default/margaret');
    expect([...margaret.identity.ownershipEntityRefs].sort()).toEqual([
      'group:default/platform-admins',
      'user:default/margaret',
    ]);
    const auth = { authorization: `Bearer ${margaret.token}` };
    const entity = async (ref: string) => {
      const res = await request(server)
        .get(`/api/catalog/entities/by-name/${ref}`)
        .set(auth);
      return res.status === 200 ? res.body : undefined;
    };

    const ada = await eventually('ada', () => entity('user/default/ada'));
    expect(ada.spec).toEqual({
      profile: { displayName: 'Ada Lovelace', email: 'ada@atrium.example' },
      memberOf: ['group:default/team-vision'],
    });
    // From the LDAP provider, not from a file location.
    expect(ada.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location': `ldap://default/${encodeURIComponent(
        `uid=ada,${PEOPLE}`,
      )}`,
      'backstage.io/ldap-dn': `uid=ada,${PEOPLE}`,
    });

    const vision = await eventually('team-vision and its members', async () => {
      const group = await entity('group/default/team-vision');
      const members = (group?.relations ?? [])
        .filter((r: any) => r.type === 'hasMember')
        .map((r: any) => r.targetRef)
        .sort();
      return members.length === 2 ? { group, members } : undefined;
    });
    expect(vision.members).toEqual(['user:default/ada', 'user:default/alan']);
    expect(vision.group.spec).toMatchObject({
      type: 'team',
      parent: 'group:default/research',
    });
    expect(vision.group.metadata.description).toBe(
      'Trains and evaluates image models; the main GPU users',
    );

    const research = await eventually('research', () =>
      entity('group/default/research'),
    );
    expect(research.spec).toMatchObject({
      type: 'department',
      children: ['group:default/team-genomics', 'group:default/team-vision'],
    });

    const admins = await eventually('platform-admins', () =>
      entity('group/default/platform-admins'),
    );
    expect(
      admins.metadata.annotations['backstage.io/managed-by-location'],
    ).toBe(
      `ldap://default/${encodeURIComponent(`cn=platform-admins,${GROUPS}`)}`,
    );

    // Exactly the six people and five groups of the directory, nothing from examples/.
    const list = await request(server)
      .get(
        '/api/catalog/entities?filter=kind=user&filter=kind=group&fields=kind,metadata.name',
      )
      .set(auth);
    expect(list.status).toBe(200);
    expect(
      list.body.map((e: any) => `${e.kind}:${e.metadata.name}`).sort(),
    ).toEqual([
      'Group:platform-admins',
      'Group:platform-ops',
      'Group:research',
      'Group:team-genomics',
      'Group:team-vision',
      'User:ada',
      'User:alan',
      'User:grace',
      'User:linus',
      'User:margaret',
      'User:rosalind',
    ]);
  });

  it('gives the roles of the LDAP groups, and follows changes in the directory on the next sync', async () => {
    expect(await eventually('margaret’s role', () => roleOf('margaret'))).toBe(
      'admin',
    );
    expect(await eventually('linus’s role', () => roleOf('linus'))).toBe(
      'devops',
    );

    // The directory's admin hands the platform over to linus.
    await slapd.modify(
      [
        `dn: cn=platform-admins,${GROUPS}`,
        'changetype: modify',
        'replace: member',
        `member: uid=linus,${PEOPLE}`,
        '',
      ].join('\n'),
    );

    // The next scheduled sync (every 2 s here) moves the roles with the membership.
    await eventually('margaret to lose admin', async () =>
      (await roleOf('margaret')) === 'data-scientist' ? true : undefined,
    );
    await eventually('linus to become admin', async () =>
      (await roleOf('linus')) === 'admin' ? true : undefined,
    );
    const linus = await signIn('linus');
    expect([...(linus?.identity.ownershipEntityRefs ?? [])].sort()).toEqual([
      'group:default/platform-admins',
      'group:default/platform-ops',
      'user:default/linus',
    ]);
  });
});
