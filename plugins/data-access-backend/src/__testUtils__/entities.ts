import type { Entity } from '@backstage/catalog-model';
import { NEBARI_SHARED_FOLDER_ANNOTATION } from '@internal/plugin-data-access-common';

/**
 * The test organisation: the demo's people, plus Carl of team-clinical, who owns the
 * restricted clinical-trials source without being an admin, and Alan of team-vision.
 */
export const TEST_GROUPS: Record<string, string[]> = {
  'user:default/ada': ['group:default/team-vision'],
  'user:default/alan': ['group:default/team-vision'],
  'user:default/grace': ['group:default/team-genomics'],
  'user:default/carl': ['group:default/team-clinical'],
  'user:default/margaret': ['group:default/platform-admins'],
  'user:default/linus': ['group:default/platform-ops'],
};

const user = (ref: string, groups: string[]): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: ref.split('/')[1], namespace: 'default' },
  spec: { memberOf: groups.map(g => g.split('/')[1]) },
  relations: groups.map(targetRef => ({ type: 'memberOf', targetRef })),
});

const group = (name: string): Entity => {
  const ref = `group:default/${name}`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: Object.entries(TEST_GROUPS)
      .filter(([, groups]) => groups.includes(ref))
      .map(([targetRef]) => ({ type: 'hasMember', targetRef })),
  };
};

const resource = (
  name: string,
  type: string,
  owner: string,
  dataSource: object,
  annotations?: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, namespace: 'default', ...(annotations ? { annotations } : {}) },
  spec: { type, owner, dataSource },
});

export const TEST_ENTITIES: Entity[] = [
  ...Object.entries(TEST_GROUPS).map(([ref, groups]) => user(ref, groups)),
  ...['team-vision', 'team-genomics', 'team-clinical', 'platform-admins', 'platform-ops'].map(group),
  resource('clinical-trials', 'shared-folder', 'group:default/team-clinical', {
    sensitivity: 'restricted',
    volume: { nfs: { server: 'nfs.data.svc', path: '/exports/clinical-trials' } },
    mountPath: '/data/clinical-trials',
    snapshot: '2026-11-30',
  }),
  resource('vision-images', 'object-store-bucket', 'team-vision', {
    sensitivity: 'internal',
    bucket: { name: 'vision-images', endpoint: 'https://s3.example.org', region: 'eu-west-1', secretName: 'vision-images-s3' },
  }),
  resource('genomics-db', 'database', 'team-genomics', {
    sensitivity: 'confidential',
    database: { host: 'pg.data.svc', port: 5432, name: 'genomics', secretName: 'genomics-db-credentials' },
  }),
  resource(
    'shared-team-vision',
    'shared-folder',
    'group:default/team-vision',
    {
      sensitivity: 'internal',
      volume: { persistentVolumeClaim: { claimName: 'jupyterhub-shared' }, subPath: 'shared/team-vision' },
      mountPath: '/shared/team-vision',
    },
    { [NEBARI_SHARED_FOLDER_ANNOTATION]: 'team-vision' },
  ),
  // Invalid (no Secret name): not a data source Atrium uses.
  resource('broken-bucket', 'object-store-bucket', 'team-vision', {
    sensitivity: 'internal',
    bucket: { name: 'x', endpoint: 'https://s3.example.org' },
  }),
];

export const CLINICAL = 'resource:default/clinical-trials';
export const VISION = 'resource:default/vision-images';
export const GENOMICS = 'resource:default/genomics-db';
export const SHARED_VISION = 'resource:default/shared-team-vision';
