import type { Entity } from '@backstage/catalog-model';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { resultsPlugin } from './plugin';

const entity = (kind: string, type?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
  ...(type ? { spec: { type } } : {}),
});

describe('resultsPlugin', () => {
  it('mounts the page at /results', () => {
    const tester = createExtensionTester(
      resultsPlugin.getExtension('page:results'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/results');
  });

  it.each([
    [
      'project',
      entity('Component', 'data-science-project'),
      entity('Component', 'service'),
    ],
    ['group', entity('Group'), entity('User')],
    ['user', entity('User'), entity('Group')],
  ] as const)('shows the %s tab on its kind only', (name, yes, no) => {
    const tester = createExtensionTester(
      resultsPlugin.getExtension(`entity-content:results/${name}`),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('results');
    const applies = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(applies(yes)).toBe(true);
    expect(applies(no)).toBe(false);
  });
});
