import { KubeConfig, type User } from '@kubernetes/client-node';
import { readFile, stat } from 'node:fs/promises';
import type { ClusterConfig } from '../config';
import { KubeRequestError } from './KubeHttpClient';

const TOKEN_FILE_PROVIDER = 'atrium-token-file';

/**
 * A bearer token read from a file, again as soon as the file changes. Bound
 * service-account tokens expire (an hour by default) and the kubelet writes a new one
 * before they do; client-node's own file authenticator re-reads the file only once a
 * minute, and a kubeconfig's `tokenFile` only when loaded, so an expired token would be
 * sent for up to a minute, or for ever. A stat per request is cheap: the cache makes
 * few requests (lists, watches, a heartbeat).
 */
export class TokenFileAuth {
  private readonly read = new Map<string, { version: string; token: string }>();

  isAuthProvider(user: User): boolean {
    return user.authProvider?.name === TOKEN_FILE_PROVIDER;
  }

  async applyAuthentication(
    user: User,
    // client-node passes https.RequestOptions or a WebSocket's options: both have headers.
    opts: { headers?: any },
  ): Promise<void> {
    const path = String(user.authProvider?.config?.path);
    let token: string;
    try {
      const info = await stat(path);
      const version = `${info.ino}:${info.size}:${info.mtimeMs}`;
      let known = this.read.get(path);
      if (known?.version !== version) {
        known = { version, token: (await readFile(path, 'utf8')).trim() };
        this.read.set(path, known);
      }
      token = known.token;
    } catch (error) {
      throw new KubeRequestError(
        `cannot read the cluster token file ${path}: ${(error as Error).message}`,
      );
    }
    opts.headers = { ...opts.headers, Authorization: `Bearer ${token}` };
  }
}

/** A user whose token is read from `path` by {@link TokenFileAuth}. */
const tokenFileUser = (name: string, path: string): User => ({
  name,
  authProvider: { name: TOKEN_FILE_PROVIDER, config: { path } },
});

/** Builds the KubeConfig of a configured cluster. */
export function kubeConfigFor(cluster: ClusterConfig): KubeConfig {
  const kc = new KubeConfig();
  kc.addAuthenticator(new TokenFileAuth());
  const c = cluster.connection;
  if (c.type === 'kubeconfig') {
    kc.loadFromFile(c.path);
    if (c.context) kc.setCurrentContext(c.context);
  } else if (c.type === 'inCluster') {
    kc.loadFromCluster();
    // The pod's token is rotated by the kubelet: read it again as soon as it changes.
    kc.users = kc.users.map(user => {
      const path = user.authProvider?.config?.tokenFile;
      return path ? tokenFileUser(user.name, path) : user;
    });
  } else {
    kc.loadFromOptions({
      clusters: [
        {
          name: cluster.name,
          server: c.url,
          caData: c.caData,
          // client-node refuses a plain-HTTP server unless verification is off; with
          // no TLS there is nothing to verify (the demo's test server is plain HTTP).
          skipTLSVerify: c.skipTLSVerify || c.url.startsWith('http:'),
        },
      ],
      users: [
        c.tokenFile
          ? tokenFileUser('atrium', c.tokenFile)
          : { name: 'atrium', token: c.token },
      ],
      contexts: [{ name: cluster.name, cluster: cluster.name, user: 'atrium' }],
      currentContext: cluster.name,
    });
  }
  return kc;
}
