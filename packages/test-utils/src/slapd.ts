import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './freePorts.mjs';

/** Debian's OpenLDAP server (package `slapd`); `slaptest` is the same binary. */
export const SLAPD_COMMAND = '/usr/sbin/slapd';
const SLAPTEST_COMMAND = '/usr/sbin/slaptest';
/** From the package `ldap-utils`. */
const LDAPADD_COMMAND = '/usr/bin/ldapadd';
const LDAPSEARCH_COMMAND = '/usr/bin/ldapsearch';
const LDAPMODIFY_COMMAND = '/usr/bin/ldapmodify';

const INSTALL_COMMAND =
  'DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slapd ldap-utils';

/** The demo organisation of examples/org.yaml as LDIF (users, groups, memberships). */
export const DEMO_ORG_LDIF_FILE = path.resolve(
  // Test-only package that jest always runs from source (see jupyterhub.ts).
  // eslint-disable-next-line no-restricted-syntax
  __dirname,
  '../../../dev/ldap/demo-org.ldif',
);

/** The suffix of the demo organisation, and startSlapd's default. */
export const DEMO_ORG_BASE_DN = 'dc=atrium,dc=example';

/** Options for {@link startSlapd}. */
export interface StartSlapdOptions {
  /**
   * LDIF text to load with `ldapadd` once the server answers (entries under baseDn).
   * The base entry itself is created unless the LDIF has it.
   */
  ldif?: string;
  /** The directory's suffix; its first RDN must be dc=, o= or ou= (default dc=atrium,dc=example). */
  baseDn?: string;
  /** Password of the admin (rootdn `cn=admin,<baseDn>`); random by default. */
  adminPassword?: string;
}

/** A real OpenLDAP slapd started by {@link startSlapd}. */
export interface StartedSlapd {
  /** ldap://127.0.0.1:PORT */
  url: string;
  baseDn: string;
  /** The admin (rootdn), who may read and write everything. */
  bindDn: string;
  bindPassword: string;
  /** The slapd process, as in its pidfile. */
  pid: number;
  /** Temp folder with slapd.conf, the pidfile and the mdb database; removed by stop(). */
  dir: string;
  /** Applies LDIF change records (changetype: add/modify/delete/modrdn) as the admin. */
  modify(ldif: string): Promise<void>;
  /** What slapd printed (errors only), for failure messages. */
  output(): string;
  /** Ends slapd (SIGTERM, then SIGKILL) and removes its folder. */
  stop(): Promise<void>;
}

/** Runs one of the OpenLDAP tools; rejects with its output when it fails. */
function run(
  command: string,
  args: string[],
  timeoutMs = 15_000,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      // LDAPNOINIT: ignore /etc/ldap/ldap.conf and ~/.ldaprc (TLS settings, a default URI).
      { env: { ...process.env, LDAPNOINIT: '1' }, timeout: timeoutMs },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(
              `${path.basename(
                command,
              )} failed: ${error.message.trim()}\n${stdout}${stderr}`.trim(),
            ),
          );
        } else {
          resolve({ stdout, stderr });
        }
      },
    );
  });
}

/** slapd.conf takes double-quoted values: refuse what would break out of them. */
function confValue(name: string, value: string): string {
  if (/["\\\r\n]/.test(value) || value.length === 0) {
    throw new Error(
      `${name} must be non-empty without quotes, backslashes or newlines`,
    );
  }
  return `"${value}"`;
}

/** The entry for the suffix itself: dc= (dcObject), o= (organization) or ou=. */
function baseEntryLdif(baseDn: string): string {
  const match = /^\s*(dc|o|ou)\s*=\s*([^,+]+?)\s*(,|$)/i.exec(baseDn);
  if (!match) {
    throw new Error(
      `baseDn '${baseDn}' must start with dc=, o= or ou= (e.g. dc=atrium,dc=example)`,
    );
  }
  const [, attr, value] = match;
  const lines = [`dn: ${baseDn}`];
  switch (attr.toLowerCase()) {
    case 'dc':
      lines.push(
        'objectClass: dcObject',
        'objectClass: organization',
        `dc: ${value}`,
        `o: ${value}`,
      );
      break;
    case 'o':
      lines.push('objectClass: organization', `o: ${value}`);
      break;
    default:
      lines.push('objectClass: organizationalUnit', `ou: ${value}`);
  }
  return `${lines.join('\n')}\n`;
}

const normalizeDn = (dn: string) =>
  dn
    .split(',')
    .map(rdn =>
      rdn
        .trim()
        .toLowerCase()
        .replace(/\s*=\s*/, '='),
    )
    .join(',');

/** Whether the LDIF has an entry for `dn` (plain `dn:` lines; base64 ones are not read). */
function ldifHasEntry(ldif: string, dn: string): boolean {
  const wanted = normalizeDn(dn);
  return ldif
    .split(/\r?\n/)
    .some(
      line =>
        /^dn:[^:]/i.test(line) && normalizeDn(line.slice(3).trim()) === wanted,
    );
}

function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** A slapd process started by {@link launch}. */
interface Launched {
  child: ChildProcess;
  /** Settles when the process has exited (and been reaped). */
  exited: Promise<void>;
  alive(): boolean;
  output(): string;
  /** Whether the root DSE answered; if not, `reason` says what the last try got. */
  ready: boolean;
  reason: string;
}

/**
 * Runs slapd in the foreground (`-d 0`: it does not fork, so it stays this process's
 * child and is reaped when it ends) on `url`, and waits until the root DSE answers an
 * anonymous search, the process exits, or 15 s pass.
 */
async function launch(confFile: string, url: string): Promise<Launched> {
  const child = spawn(
    SLAPD_COMMAND,
    ['-f', confFile, '-h', `${url}/`, '-d', '0'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const collect = (chunk: Buffer | string) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>(resolve => {
    child.once('exit', () => resolve());
    child.once('error', error => {
      collect(String(error));
      resolve();
    });
  });
  const alive = () => child.exitCode === null && child.signalCode === null;

  const deadline = Date.now() + 15_000;
  let reason = 'no answer';
  let ready = false;
  while (!ready && alive() && Date.now() < deadline) {
    try {
      await run(
        LDAPSEARCH_COMMAND,
        ['-x', '-H', url, '-o', 'nettimeout=2', '-b', '', '-s', 'base', '-LLL'],
        5_000,
      );
      ready = true;
    } catch (error) {
      reason = String(error);
      await new Promise(r => setTimeout(r, 100));
    }
  }
  return { child, exited, alive, output: () => output, ready, reason };
}

/**
 * Starts Debian's OpenLDAP slapd for a test: a temp folder with a slapd.conf (core,
 * cosine, nis and inetorgperson schemas; back_mdb; the memberof overlay, so users get
 * `memberOf` of the groupOfNames that list them), checked with `slaptest`, listening on
 * a free port of 127.0.0.1. Waits until it answers, then loads `ldif` with `ldapadd`
 * (through the server, so the overlay sees the groups). slapd runs in the foreground
 * (`-d 0`) as this process's child, so it is reaped when it ends; stop() signals the PID
 * of its pidfile.
 */
export async function startSlapd(
  options: StartSlapdOptions = {},
): Promise<StartedSlapd> {
  for (const tool of [
    SLAPD_COMMAND,
    SLAPTEST_COMMAND,
    LDAPADD_COMMAND,
    LDAPSEARCH_COMMAND,
    LDAPMODIFY_COMMAND,
  ]) {
    if (!existsSync(tool)) {
      throw new Error(
        `OpenLDAP is not installed (${tool} is missing): run \`${INSTALL_COMMAND}\` ` +
          '(scripts/test.sh installs it)',
      );
    }
  }
  const baseDn = options.baseDn ?? DEMO_ORG_BASE_DN;
  const bindDn = `cn=admin,${baseDn}`;
  const bindPassword = options.adminPassword ?? randomBytes(12).toString('hex');
  const baseEntry = baseEntryLdif(baseDn);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'atrium-slapd-'));
  const pidFile = path.join(dir, 'slapd.pid');
  const confFile = path.join(dir, 'slapd.conf');
  let current: Launched | undefined;
  let stopped = false;

  const killOnExit = () => {
    const child = current?.child;
    if (child?.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  // A test that forgets stop() (or a worker that is torn down) must not leave it behind.
  process.once('exit', killOnExit);

  const stopProcess = async () => {
    const launched = current;
    const childPid = launched?.child.pid;
    if (!launched || childPid === undefined) return;
    let pids = [childPid];
    try {
      const fromFile = Number(readFileSync(pidFile, 'utf8').trim());
      if (fromFile && fromFile !== childPid) pids = [fromFile, childPid];
    } catch {
      // no pidfile: it never got that far
    }
    const signal = (sig: NodeJS.Signals) => {
      for (const pid of pids) {
        try {
          process.kill(pid, sig);
        } catch {
          // already gone
        }
      }
    };
    const waitGone = async (ms: number) => {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline && pids.some(isRunning)) {
        await new Promise(r => setTimeout(r, 50));
      }
      return !pids.some(isRunning);
    };
    signal('SIGTERM');
    if (!(await waitGone(10_000))) {
      signal('SIGKILL');
      if (!(await waitGone(5_000))) {
        throw new Error(`slapd (pid ${pids.join(', ')}) survived SIGKILL`);
      }
    }
    await launched.exited;
    current = undefined;
  };

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      await stopProcess();
    } finally {
      process.removeListener('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    }
  };

  try {
    const dataDir = path.join(dir, 'data');
    mkdirSync(dataDir);
    writeFileSync(
      confFile,
      [
        'include /etc/ldap/schema/core.schema',
        'include /etc/ldap/schema/cosine.schema',
        'include /etc/ldap/schema/nis.schema',
        'include /etc/ldap/schema/inetorgperson.schema',
        `pidfile ${confValue('dir', pidFile)}`,
        `argsfile ${confValue('dir', path.join(dir, 'slapd.args'))}`,
        'modulepath /usr/lib/ldap',
        'moduleload back_mdb',
        'moduleload memberof',
        '',
        'database mdb',
        // The map size: a test directory stays far below 64 MiB.
        'maxsize 67108864',
        `suffix ${confValue('baseDn', baseDn)}`,
        `rootdn ${confValue('baseDn', bindDn)}`,
        `rootpw ${confValue('adminPassword', bindPassword)}`,
        `directory ${confValue('dir', dataDir)}`,
        'index objectClass eq',
        // Keep memberOf on users in step with groupOfNames' member (and on renames/deletes).
        'overlay memberof',
        'memberof-group-oc groupOfNames',
        'memberof-member-ad member',
        'memberof-memberof-ad memberOf',
        'memberof-refint TRUE',
        '',
      ].join('\n'),
    );
    await run(SLAPTEST_COMMAND, ['-f', confFile, '-u']);

    // A free port can be taken between the check and slapd's bind: try a few.
    let url = '';
    for (let attempt = 1; !url; attempt++) {
      const candidate = `ldap://127.0.0.1:${await freePort()}`;
      current = await launch(confFile, candidate);
      if (current.ready) {
        url = candidate;
      } else if (current.alive()) {
        throw new Error(
          `slapd did not answer on ${candidate}: ${current.reason}`,
        );
      } else {
        await current.exited;
        if (attempt >= 3) throw new Error('slapd exited before it was ready');
      }
    }

    const ldif = options.ldif ?? '';
    const toLoad = ldifHasEntry(ldif, baseDn) ? ldif : `${baseEntry}\n${ldif}`;
    const ldifFile = path.join(dir, 'load.ldif');
    writeFileSync(ldifFile, toLoad);
    await run(LDAPADD_COMMAND, [
      '-x',
      '-H',
      url,
      '-D',
      bindDn,
      '-w',
      bindPassword,
      '-f',
      ldifFile,
    ]);

    let changes = 0;
    const modify = async (changeLdif: string) => {
      const file = path.join(dir, `change-${++changes}.ldif`);
      writeFileSync(file, changeLdif);
      try {
        await run(LDAPMODIFY_COMMAND, [
          '-x',
          '-H',
          url,
          '-D',
          bindDn,
          '-w',
          bindPassword,
          '-f',
          file,
        ]);
      } finally {
        rmSync(file, { force: true });
      }
    };

    return {
      url,
      baseDn,
      bindDn,
      bindPassword,
      pid: current!.child.pid!,
      dir,
      modify,
      output: () => current?.output() ?? '',
      stop,
    };
  } catch (error) {
    const printed = current?.output() ?? '';
    await stop().catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    const tail = printed ? `\n--- slapd output ---\n${printed}` : '';
    throw new Error(
      `slapd did not start (in ${dir}, now removed): ${reason}${tail}`,
    );
  }
}
