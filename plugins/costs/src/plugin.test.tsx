import type { Entity } from '@backstage/catalog-model';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { costsPlugin } from './plugin';

const entity = (kind: string, type?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
  ...(type ? { spec: { type } } : {}),
});

describe('costsPlugin', () => {
  it('mounts the page at /costs', () => {
    const tester = createExtensionTester(
      costsPlugin.getExtension('page:costs'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/costs');
  });

  it('shows the project tab on data-science projects only', () => {
    const tester = createExtensionTester(
      costsPlugin.getExtension('entity-content:costs/project'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('costs');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Costs');
    const applies = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(applies(entity('Component', 'data-science-project'))).toBe(true);
    expect(applies(entity('Component', 'service'))).toBe(false);
    expect(applies(entity('Group'))).toBe(false);
  });

  it('shows the group tab on groups only', () => {
    const tester = createExtensionTester(
      costsPlugin.getExtension('entity-content:costs/group'),
    );
    const applies = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(applies(entity('Group'))).toBe(true);
    expect(applies(entity('User'))).toBe(false);
  });
});
