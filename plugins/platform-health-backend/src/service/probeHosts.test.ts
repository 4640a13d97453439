import { checkProbeUrl, parseProbeHosts } from './probeHosts';

describe('probe hosts', () => {
  const hosts = parseProbeHosts([
    'hub.jupyterhub.svc',
    '*.svc.cluster.local',
    '127.0.0.1:18000',
    'Status.Example.org:443',
    '[::1]:9090',
  ]);
  const allowed = (url: string) => 'url' in checkProbeUrl(url, hosts);

  it.each([
    ['http://hub.jupyterhub.svc/hub/health', true],
    ['http://hub.jupyterhub.svc:8081/hub/health', true],
    ['http://prometheus.monitoring.svc.cluster.local:9090/-/healthy', true],
    ['http://svc.cluster.local/', false],
    ['http://evil-svc.cluster.local/', false],
    ['http://127.0.0.1:18000/hub/health', true],
    ['http://127.0.0.1:18001/', false],
    // Other spellings of the same address are the same host.
    ['http://2130706433:18000/', true],
    ['http://0x7f.1:18000/', true],
    ['https://status.example.org/', true],
    ['http://status.example.org/', false],
    ['http://[::1]:9090/-/healthy', true],
    ['http://169.254.169.254/latest/meta-data/', false],
    ['http://hub.jupyterhub.svc.attacker.example/', false],
    ['http://hub.jupyterhub.svc@169.254.169.254/', false],
  ])('%s → %s', (url, expected) => {
    expect(allowed(url)).toBe(expected);
  });

  it('says why a URL is not probed', () => {
    expect(checkProbeUrl('http://10.0.0.1:8080/', hosts)).toEqual({
      refusal:
        'its host 10.0.0.1:8080 is not in platformHealth.services.probeHosts',
    });
    expect(checkProbeUrl('file:///etc/passwd', hosts)).toEqual({
      refusal: 'only http and https URLs are',
    });
    expect(checkProbeUrl('gopher://hub.jupyterhub.svc/', hosts)).toEqual({
      refusal: 'only http and https URLs are',
    });
    expect(checkProbeUrl('not a url', hosts)).toEqual({
      refusal: 'it is not a URL',
    });
    expect(checkProbeUrl('http://hub.jupyterhub.svc/', [])).toEqual({
      refusal:
        'its host hub.jupyterhub.svc is not in platformHealth.services.probeHosts',
    });
  });

  it('refuses entries that are not hosts', () => {
    for (const entry of [
      '*',
      'http://hub',
      'hub/health',
      'a..b',
      'hub:0',
      'hub:70000',
      '*.',
    ]) {
      expect(() => parseProbeHosts([entry])).toThrow(
        `platformHealth.services.probeHosts: '${entry}' is not a host`,
      );
    }
  });
});
