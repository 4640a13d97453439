import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A certificate authority and a server certificate it signed, PEM. */
export interface TestCertificates {
  caPem: string;
  certPem: string;
  keyPem: string;
}

/**
 * A CA and a certificate for 127.0.0.1 and localhost signed by it, valid for a day, made
 * with the `openssl` command (Node can make keys but not certificates; P-256 keys, so it
 * takes milliseconds). A client that trusts the CA (a kubeconfig's
 * `certificate-authority-data`) verifies the server as it would a real apiserver.
 */
export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'kube-test-server-tls-'));
  const openssl = (...args: string[]) =>
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1',
      '-subj', '/CN=kube-test-server-ca',
      '-addext', 'basicConstraints=critical,CA:TRUE',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    openssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=kube-apiserver');
    writeFileSync(
      join(dir, 'server.ext'),
      'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
    );
    openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key',
      '-CAcreateserial', '-out', 'server.crt', '-days', '1', '-extfile', 'server.ext');
    const read = (name: string) => readFileSync(join(dir, name), 'utf8');
    return { caPem: read('ca.crt'), certPem: read('server.crt'), keyPem: read('server.key') };
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(
      `kube-test-server: making TLS certificates with openssl failed (is the openssl command installed?)${
        stderr ? `: ${stderr}` : ''
      }`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
