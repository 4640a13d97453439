import type { Entity } from '@backstage/catalog-model';
import {
  isDataSourceEntity,
  toDataSource,
  validateDataSourceEntity,
} from './dataSource';

const resource = (name: string, type: string, dataSource?: unknown): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, namespace: 'default' },
  spec: { type, owner: 'team-vision', ...(dataSource ? { dataSource } : {}) },
});

describe('data source entities', () => {
  it('reads a valid shared folder, its owner as a full group ref', () => {
    const entity = resource('imagenet', 'shared-folder', {
      sensitivity: 'internal',
      volume: { nfs: { server: 'nfs', path: '/exports/imagenet' } },
      mountPath: '/data/imagenet',
    });
    expect(validateDataSourceEntity(entity)).toEqual([]);
    expect(toDataSource(entity)).toMatchObject({
      ref: 'resource:default/imagenet',
      owner: 'group:default/team-vision',
      type: 'shared-folder',
    });
  });

  it('is only a Resource of a data source type', () => {
    expect(isDataSourceEntity(resource('env', 'conda-environment'))).toBe(false);
    expect(
      isDataSourceEntity({ ...resource('x', 'database'), kind: 'Component' }),
    ).toBe(false);
    expect(isDataSourceEntity(resource('x', 'database'))).toBe(true);
  });

  it('says what is missing, one sentence per problem', () => {
    expect(validateDataSourceEntity(resource('x', 'database'))).toEqual([
      'Data source x: spec.dataSource is missing (sensitivity and how a workspace reaches the data)',
    ]);
    expect(
      validateDataSourceEntity(
        resource('f', 'shared-folder', {
          sensitivity: 'secret',
          volume: { persistentVolumeClaim: { claimName: 'Not_A_Name' } },
          mountPath: 'data/f',
        }),
      ),
    ).toEqual([
      'Data source f: spec.dataSource.sensitivity must be one of public, internal, confidential, restricted',
      'Data source f: volume.persistentVolumeClaim.claimName "Not_A_Name" is not a Kubernetes name',
      'Data source f: a shared folder needs spec.dataSource.mountPath, an absolute path such as /shared/f',
    ]);
    const bucket = resource('b', 'object-store-bucket', {
      sensitivity: 'public',
      bucket: { name: 'b', endpoint: 'https://s3' },
    });
    expect(validateDataSourceEntity(bucket)).toEqual([
      'Data source b: spec.dataSource.bucket.secretName must name the Kubernetes Secret with its credentials (Atrium never holds them)',
    ]);
    expect(toDataSource(bucket)).toBeUndefined();
  });
});
