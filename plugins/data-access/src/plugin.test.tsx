import type { Entity } from '@backstage/catalog-model';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { dataAccessPlugin } from './plugin';

const entity = (kind: string, type?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
  ...(type ? { spec: { type } } : {}),
});

describe('dataAccessPlugin', () => {
  it('mounts the Access page at /data-access', () => {
    const tester = createExtensionTester(
      dataAccessPlugin.getExtension('page:data-access'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/data-access');
  });

  it('shows the Access tab on data sources only', () => {
    const tester = createExtensionTester(
      dataAccessPlugin.getExtension('entity-content:data-access/data-source'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('access');
    const applies = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(applies(entity('Resource', 'shared-folder'))).toBe(true);
    expect(applies(entity('Resource', 'database'))).toBe(true);
    expect(applies(entity('Resource', 's3-bucket'))).toBe(false);
    expect(applies(entity('Component', 'database'))).toBe(false);
  });
});
