import { execFile } from 'node:child_process';
import fs, { existsSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import {
  DEMO_ORG_BASE_DN,
  DEMO_ORG_LDIF_FILE,
  startSlapd,
  type StartedSlapd,
} from './slapd';

// Debian's OpenLDAP 2.5: starts and loads the demo organisation in well under a second.
jest.setTimeout(60_000);

/** ldapsearch as the admin; returns the LDIF (-LLL: no comments, unwrapped lines). */
function search(
  slapd: StartedSlapd,
  base: string,
  filter: string,
  ...attrs: string[]
): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      '/usr/bin/ldapsearch',
      [
        '-x',
        '-LLL',
        '-o',
        'ldif-wrap=no',
        '-H',
        slapd.url,
        '-D',
        slapd.bindDn,
        '-w',
        slapd.bindPassword,
        '-b',
        base,
        filter,
        ...attrs,
      ],
      { env: { ...process.env, LDAPNOINIT: '1' } },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`${error.message}\n${stderr}`))
          : resolve(stdout),
    ),
  );
}

const values = (ldif: string, attr: string) =>
  ldif
    .split('\n')
    .filter(line => line.toLowerCase().startsWith(`${attr.toLowerCase()}: `))
    .map(line => line.slice(attr.length + 2));

/** Live (not zombie) slapd processes whose parent is this test process. */
function slapdChildren(): number[] {
  return readdirSync('/proc')
    .filter(name => /^\d+$/.test(name))
    .filter(name => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return (
          stat.includes('(slapd)') &&
          Number(fields[1]) === process.pid &&
          fields[0] !== 'Z'
        );
      } catch {
        return false;
      }
    })
    .map(Number);
}

const canConnect = (port: number) =>
  new Promise<boolean>(resolve => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe('startSlapd', () => {
  it('serves the demo organisation, with memberOf from the overlay, and stops cleanly', async () => {
    const slapd = await startSlapd({
      ldif: readFileSync(DEMO_ORG_LDIF_FILE, 'utf8'),
    });
    const port = Number(new URL(slapd.url).port);
    try {
      expect(slapd.url).toMatch(/^ldap:\/\/127\.0\.0\.1:\d+$/);
      expect(slapd.baseDn).toBe(DEMO_ORG_BASE_DN);
      expect(slapd.bindDn).toBe('cn=admin,dc=atrium,dc=example');

      const people = await search(
        slapd,
        `ou=people,${slapd.baseDn}`,
        '(objectClass=inetOrgPerson)',
        'uid',
      );
      expect(values(people, 'uid').sort()).toEqual([
        'ada',
        'alan',
        'grace',
        'linus',
        'margaret',
        'rosalind',
      ]);

      const ada = await search(
        slapd,
        `ou=people,${slapd.baseDn}`,
        '(uid=ada)',
        'cn',
        'displayName',
        'mail',
        'memberOf',
      );
      expect(values(ada, 'cn')).toEqual(['Ada Lovelace']);
      expect(values(ada, 'displayName')).toEqual(['Ada Lovelace']);
      expect(values(ada, 'mail')).toEqual(['ada@atrium.example']);
      expect(values(ada, 'memberOf')).toEqual([
        'cn=team-vision,ou=groups,dc=atrium,dc=example',
      ]);

      const margaret = await search(
        slapd,
        `ou=people,${slapd.baseDn}`,
        '(uid=margaret)',
        'memberOf',
      );
      expect(values(margaret, 'memberOf')).toEqual([
        'cn=platform-admins,ou=groups,dc=atrium,dc=example',
      ]);

      // Teams are members of the research department.
      const vision = await search(
        slapd,
        `ou=groups,${slapd.baseDn}`,
        '(cn=team-vision)',
        'memberOf',
      );
      expect(values(vision, 'memberOf')).toEqual([
        'cn=research,ou=groups,dc=atrium,dc=example',
      ]);

      // Changes go through the server: the overlay keeps memberOf in step.
      await slapd.modify(
        [
          'dn: cn=platform-admins,ou=groups,dc=atrium,dc=example',
          'changetype: modify',
          'add: member',
          'member: uid=linus,ou=people,dc=atrium,dc=example',
          '',
        ].join('\n'),
      );
      const linus = await search(
        slapd,
        `ou=people,${slapd.baseDn}`,
        '(uid=linus)',
        'memberOf',
      );
      expect(values(linus, 'memberOf').sort()).toEqual([
        'cn=platform-admins,ou=groups,dc=atrium,dc=example',
        'cn=platform-ops,ou=groups,dc=atrium,dc=example',
      ]);
    } finally {
      await slapd.stop();
    }
    expect(existsSync(slapd.dir)).toBe(false);
    expect(await canConnect(port)).toBe(false);
    expect(slapdChildren()).toEqual([]);
    await slapd.stop(); // twice is harmless
  });

  it('creates the base entry itself, and takes a custom suffix and password', async () => {
    const slapd = await startSlapd({
      baseDn: 'o=elsewhere',
      adminPassword: 'not so secret',
      ldif: 'dn: ou=people,o=elsewhere\nobjectClass: organizationalUnit\nou: people\n',
    });
    try {
      expect(slapd.bindPassword).toBe('not so secret');
      const found = await search(slapd, 'o=elsewhere', '(objectClass=*)', 'dn');
      expect(values(found, 'dn').sort()).toEqual([
        'o=elsewhere',
        'ou=people,o=elsewhere',
      ]);
    } finally {
      await slapd.stop();
    }
  });

  it("fails with ldapadd's reason on bad LDIF, and leaves nothing behind", async () => {
    const error = await startSlapd({
      // inetOrgPerson needs sn (and cn).
      ldif: 'dn: uid=x,dc=atrium,dc=example\nobjectClass: inetOrgPerson\nuid: x\n',
    }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(
      /^slapd did not start \(in (\S+), now removed\): ldapadd failed[\s\S]*object class 'inetOrgPerson' requires attribute 'sn'/,
    );
    const dir = /in (\S+), now removed/.exec(error!.message)![1];
    expect(existsSync(dir)).toBe(false);
    // No slapd child of this process is left running.
    expect(slapdChildren()).toEqual([]);
  });

  it('says how to install OpenLDAP when slapd is missing', async () => {
    const exists = jest.spyOn(fs, 'existsSync').mockReturnValue(false);
    try {
      await expect(startSlapd()).rejects.toThrow(
        'OpenLDAP is not installed (/usr/sbin/slapd is missing): run `DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slapd ldap-utils`',
      );
    } finally {
      exists.mockRestore();
    }
  });
});
