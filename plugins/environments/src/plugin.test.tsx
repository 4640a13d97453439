import type { Entity } from '@backstage/catalog-model';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { environmentsPlugin } from './plugin';

const entity = (kind: string, type?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
  ...(type ? { spec: { type } } : {}),
});

describe('environmentsPlugin', () => {
  it('adds the Versions tab to curated environments only', () => {
    const tester = createExtensionTester(
      environmentsPlugin.getExtension('entity-content:environments/versions'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('versions');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Versions');
    const applies = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(applies(entity('Resource', 'conda-environment'))).toBe(true);
    expect(applies(entity('Resource', 'database'))).toBe(false);
    expect(applies(entity('Component', 'conda-environment'))).toBe(false);
  });

  it('adds the environment.yml card to curated environments only', () => {
    const tester = createExtensionTester(
      environmentsPlugin.getExtension('entity-card:environments/packages'),
    );
    const applies = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(applies(entity('Resource', 'conda-environment'))).toBe(true);
    expect(applies(entity('Resource', 'kubernetes-cluster'))).toBe(false);
  });

  it('adds the conda-store builds card to conda-store environments only', () => {
    const tester = createExtensionTester(
      environmentsPlugin.getExtension(
        'entity-card:environments/conda-store-builds',
      ),
    );
    const applies = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    const fromCondaStore = entity('Resource', 'conda-environment');
    fromCondaStore.metadata.annotations = {
      'atrium.io/conda-store-namespace': 'team-vision',
    };
    expect(applies(fromCondaStore)).toBe(true);
    expect(applies(entity('Resource', 'conda-environment'))).toBe(false);
  });

  it('adds the Environment card to data-science projects only', () => {
    const tester = createExtensionTester(
      environmentsPlugin.getExtension('entity-card:environments/project'),
    );
    const applies = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(applies(entity('Component', 'data-science-project'))).toBe(true);
    expect(applies(entity('Component', 'service'))).toBe(false);
    expect(applies(entity('Resource', 'data-science-project'))).toBe(false);
  });
});
