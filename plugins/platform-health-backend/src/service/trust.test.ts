import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import path from 'node:path';
import {
  HealthAnnotations,
  readTrustedOrigins,
  staticLocationRefs,
} from './trust';

const entity = (origin: string | undefined, annotations = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'wiki',
    annotations: {
      ...(origin ? { 'backstage.io/managed-by-origin-location': origin } : {}),
      ...annotations,
    },
  },
  spec: {},
});

describe('trusted origins', () => {
  it("names the config's static catalog locations as the catalog writes their origin", () => {
    const root = new ConfigReader({
      catalog: {
        locations: [
          { type: 'file', target: '../../examples/platform.yaml' },
          { type: 'file', target: '/srv/catalog/org.yaml' },
          {
            type: 'url',
            target: 'https://github.com/org/catalog/blob/main/all.yaml',
          },
        ],
      },
    });
    expect(staticLocationRefs(root)).toEqual([
      `file:${path.resolve('../../examples/platform.yaml')}`,
      'file:/srv/catalog/org.yaml',
      'url:https://github.com/org/catalog/blob/main/all.yaml',
    ]);
    expect(staticLocationRefs(new ConfigReader({}))).toEqual([]);
  });

  it('trusts static locations exactly, and trustedOrigins ending in / as prefixes', () => {
    const trust = new HealthAnnotations({
      staticLocations: ['file:/srv/atrium/examples/platform.yaml'],
      trustedOrigins: [
        'url:https://github.com/org/platform-catalog/',
        'url:https://github.com/org/infra/blob/main/catalog-info.yaml',
      ],
      overrides: new Map(),
    });
    for (const [origin, trusted] of [
      ['file:/srv/atrium/examples/platform.yaml', true],
      ['file:/srv/atrium/examples/platform.yaml.bak', false],
      ['url:https://github.com/org/platform-catalog/blob/main/a.yaml', true],
      ['url:https://github.com/org/platform-catalog-fork/a.yaml', false],
      ['url:https://github.com/org/infra/blob/main/catalog-info.yaml', true],
      ['url:https://github.com/org/infra/blob/main/catalog-info.yaml2', false],
      ['atrium-git:/srv/atrium/git/team-vision/project.git', false],
      [undefined, false],
    ] as const) {
      expect([origin, trust.isTrustedOrigin(origin)]).toEqual([
        origin,
        trusted,
      ]);
    }
  });

  it('refuses trustedOrigins entries that are not location refs', () => {
    expect(() => readTrustedOrigins(['https://github.com/org/'])).not.toThrow();
    expect(() => readTrustedOrigins(['/srv/catalog/'])).toThrow(
      "platformHealth.services.trustedOrigins: '/srv/catalog/' is not a location ref: write type:target, e.g. url:https://github.com/org/platform-catalog/",
    );
    expect(() => readTrustedOrigins([''])).toThrow('is not a location ref');
  });

  it("keeps an untrusted entity's kubernetes-id and the config's checks, and says what it ignores", () => {
    const trust = new HealthAnnotations({
      staticLocations: [],
      trustedOrigins: [],
      overrides: new Map([
        [
          'component:default/wiki',
          { 'atrium.io/health-url': 'http://wiki.internal/health' },
        ],
      ]),
    });
    const { annotations, notes } = trust.of(
      entity('atrium-git:/srv/git/p.git', {
        'backstage.io/kubernetes-id': 'wiki',
        'atrium.io/health-url': 'http://169.254.169.254/',
        'atrium.io/kubernetes-cluster': 'prod',
      }),
    );
    expect(annotations).toEqual({
      'backstage.io/managed-by-origin-location': 'atrium-git:/srv/git/p.git',
      'backstage.io/kubernetes-id': 'wiki',
      'atrium.io/health-url': 'http://wiki.internal/health',
    });
    // The health URL comes from config: only the cluster is said to be ignored.
    expect(notes).toEqual([
      'atrium.io/kubernetes-cluster is ignored: component:default/wiki comes from atrium-git:/srv/git/p.git, which is not a trusted origin: an admin can list it in platformHealth.services.trustedOrigins or set the check in platformHealth.services.components',
    ]);
    const noOverrides = new HealthAnnotations({
      staticLocations: [],
      trustedOrigins: [],
      overrides: new Map(),
    });
    expect(
      noOverrides.of(entity(undefined, { 'atrium.io/health-url': 'http://x/' }))
        .notes,
    ).toEqual([
      'atrium.io/health-url is ignored: component:default/wiki has no origin location (backstage.io/managed-by-origin-location), so it is not from a trusted origin: an admin can set the check in platformHealth.services.components',
    ]);
  });
});
