import { ConfigReader, type JsonObject } from '@backstage/config';
import { readPlatformHealthConfig } from './config';

const read = (platformHealth: JsonObject) =>
  readPlatformHealthConfig(new ConfigReader({ platformHealth }));

describe('readPlatformHealthConfig', () => {
  it('reads every kind of cluster connection and the defaults', () => {
    const config = read({
      clusters: [
        {
          name: 'demo',
          url: 'http://127.0.0.1:16443',
          token: 't',
          simulated: true,
        },
        { name: 'prod', kubeconfig: '/etc/kube/config', context: 'prod' },
        { name: 'here', title: 'This cluster', inCluster: true },
      ],
    });
    expect(config.clusters).toEqual([
      {
        name: 'demo',
        title: 'demo',
        simulated: true,
        connection: {
          type: 'url',
          url: 'http://127.0.0.1:16443',
          token: 't',
          caData: undefined,
          skipTLSVerify: false,
        },
      },
      {
        name: 'prod',
        title: 'prod',
        simulated: false,
        connection: {
          type: 'kubeconfig',
          path: '/etc/kube/config',
          context: 'prod',
        },
      },
      {
        name: 'here',
        title: 'This cluster',
        simulated: false,
        connection: { type: 'inCluster' },
      },
    ]);
    expect(config.requestTimeoutMs).toBe(5000);
    expect(config.services.system).toBe('data-science-platform');
    expect(config.metrics.allowUnauthenticated).toBe(false);
  });

  it('says what is wrong with a cluster entry', () => {
    expect(() =>
      read({ clusters: [{ name: 'x', url: 'http://a', inCluster: true }] }),
    ).toThrow(
      "platformHealth.clusters 'x': give exactly one of kubeconfig, inCluster or url (found inCluster, url)",
    );
    expect(() =>
      read({ clusters: [{ name: 'Bad_Name', inCluster: true }] }),
    ).toThrow("name 'Bad_Name' must be lowercase letters, digits and dashes");
    expect(() =>
      read({
        clusters: [
          { name: 'a', inCluster: true },
          { name: 'a', inCluster: true },
        ],
      }),
    ).toThrow("the name 'a' is used twice");
  });

  it('leaves out a cluster without a connection (an unset environment variable)', () => {
    const config = read({ clusters: [{ name: 'demo', token: 'x' }] });
    expect(config.clusters).toEqual([]);
    expect(config.skippedClusters).toEqual([
      "platformHealth.clusters 'demo' has no kubeconfig, inCluster or url: left out",
    ]);
  });

  it('reads per-component overrides of the annotations', () => {
    const config = read({
      services: {
        components: {
          jupyterhub: {
            healthUrl: 'http://hub:8000/hub/health',
            alerts: 'job=hub',
          },
          keycloak: { namespace: 'platform', availability: 'up{job="kc"}' },
        },
      },
    });
    expect(config.services.overrides).toEqual(
      new Map([
        [
          'component:default/jupyterhub',
          {
            'atrium.io/health-url': 'http://hub:8000/hub/health',
            'atrium.io/prometheus-alerts': 'job=hub',
          },
        ],
        [
          'component:platform/keycloak',
          { 'atrium.io/prometheus-availability': 'up{job="kc"}' },
        ],
      ]),
    );
  });

  it('reads who may set health checks and which hosts may be probed; none by default', () => {
    expect(read({}).services).toMatchObject({
      trustedOrigins: [],
      staticLocations: [],
      probeHosts: [],
    });
    const config = readPlatformHealthConfig(
      new ConfigReader({
        catalog: { locations: [{ type: 'url', target: 'https://x/a.yaml' }] },
        platformHealth: {
          services: {
            trustedOrigins: ['url:https://github.com/org/platform-catalog/'],
            probeHosts: ['hub.jupyterhub.svc', '*.monitoring.svc:9090'],
          },
        },
      }),
    );
    expect(config.services).toMatchObject({
      trustedOrigins: ['url:https://github.com/org/platform-catalog/'],
      staticLocations: ['url:https://x/a.yaml'],
      probeHosts: [
        { host: 'hub.jupyterhub.svc', subdomains: false },
        { host: 'monitoring.svc', subdomains: true, port: 9090 },
      ],
    });
    expect(() =>
      read({ services: { probeHosts: ['http://hub/health'] } }),
    ).toThrow(
      "platformHealth.services.probeHosts: 'http://hub/health' is not a host",
    );
  });
});
