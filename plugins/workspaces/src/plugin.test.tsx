import type { Entity } from '@backstage/catalog-model';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { workspacesPlugin } from './plugin';

const entity = (kind: string, type?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
  ...(type ? { spec: { type } } : {}),
});

describe('workspacesPlugin', () => {
  it('mounts the page at /workspaces', () => {
    const tester = createExtensionTester(
      workspacesPlugin.getExtension('page:workspaces'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/workspaces');
  });

  it('shows the project tab on data-science projects only', () => {
    const tester = createExtensionTester(
      workspacesPlugin.getExtension('entity-content:workspaces/project'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('workspaces');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Workspaces',
    );
    const applies = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(applies(entity('Component', 'data-science-project'))).toBe(true);
    expect(applies(entity('Component', 'service'))).toBe(false);
    expect(applies(entity('Resource', 'data-science-project'))).toBe(false);
  });

  it('shows the group tab on groups only', () => {
    const tester = createExtensionTester(
      workspacesPlugin.getExtension('entity-content:workspaces/group'),
    );
    const applies = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(applies(entity('Group'))).toBe(true);
    expect(applies(entity('User'))).toBe(false);
  });
});
