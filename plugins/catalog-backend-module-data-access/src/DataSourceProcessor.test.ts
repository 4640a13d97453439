import { ConfigReader } from '@backstage/config';
import { readNebariSharedFolders, sharedFolderEntity } from './DataSourceProcessor';

describe('readNebariSharedFolders', () => {
  it("takes Nebari's layout by default and a site's own when given", () => {
    expect(
      readNebariSharedFolders(
        new ConfigReader({ dataAccess: { nebariSharedFolders: { enabled: true } } }),
      ),
    ).toEqual({
      claimName: 'jupyterhub-shared',
      subPathTemplate: 'shared/{group}',
      mountPathTemplate: '/shared/{group}',
      sensitivity: 'internal',
      groupTypes: [],
    });
    const layout = readNebariSharedFolders(
      new ConfigReader({
        dataAccess: {
          nebariSharedFolders: {
            enabled: true,
            claimName: 'nfs-share',
            subPathTemplate: 'groups/{group}/data',
            mountPathTemplate: '/groups/{group}',
            sensitivity: 'confidential',
          },
        },
      }),
    )!;
    const entity = sharedFolderEntity(
      { apiVersion: 'backstage.io/v1alpha1', kind: 'Group', metadata: { name: 'ml' }, spec: { type: 'team', children: [] } },
      layout,
    );
    expect(entity.spec?.dataSource).toEqual({
      sensitivity: 'confidential',
      volume: { persistentVolumeClaim: { claimName: 'nfs-share' }, subPath: 'groups/ml/data' },
      mountPath: '/groups/ml',
    });
  });

  it('is off unless enabled, and says which sensitivity levels exist', () => {
    expect(readNebariSharedFolders(new ConfigReader({}))).toBeUndefined();
    expect(() =>
      readNebariSharedFolders(
        new ConfigReader({
          dataAccess: { nebariSharedFolders: { enabled: true, sensitivity: 'secret' } },
        }),
      ),
    ).toThrow(
      'dataAccess.nebariSharedFolders.sensitivity must be one of public, internal, confidential, restricted, got secret',
    );
  });
});
