import { KubeConfig } from '@kubernetes/client-node';
import type { ClusterConfig } from '../config';

/** Builds the KubeConfig of a configured cluster. */
export function kubeConfigFor(cluster: ClusterConfig): KubeConfig {
  const kc = new KubeConfig();
  const c = cluster.connection;
  if (c.type === 'kubeconfig') {
    kc.loadFromFile(c.path);
    if (c.context) kc.setCurrentContext(c.context);
  } else if (c.type === 'inCluster') {
    kc.loadFromCluster();
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
      users: [{ name: 'atrium', token: c.token }],
      contexts: [{ name: cluster.name, cluster: cluster.name, user: 'atrium' }],
      currentContext: cluster.name,
    });
  }
  return kc;
}
