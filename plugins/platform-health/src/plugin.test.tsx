import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { platformHealthPlugin } from './plugin';

const component = (
  spec: JsonObject,
  annotations: Record<string, string> = {},
  kind = 'Component',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x', annotations },
  spec,
});

describe('platformHealthPlugin', () => {
  it('mounts the platform status page at /platform-status', () => {
    const tester = createExtensionTester(
      platformHealthPlugin.getExtension('page:platform-health'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/platform-status');
  });

  it('shows the Health tab on platform components and annotated components only', () => {
    const tester = createExtensionTester(
      platformHealthPlugin.getExtension('entity-content:platform-health'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('health');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Health');
    const applies = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(
      applies(component({ type: 'service', system: 'data-science-platform' })),
    ).toBe(true);
    expect(
      applies(
        component(
          { type: 'service', system: 'billing' },
          {
            'atrium.io/health-url': 'https://billing/health',
          },
        ),
      ),
    ).toBe(true);
    expect(applies(component({ type: 'service', system: 'billing' }))).toBe(
      false,
    );
    // Projects of the platform are not services.
    expect(
      applies(
        component({
          type: 'data-science-project',
          system: 'data-science-platform',
        }),
      ),
    ).toBe(false);
    expect(
      applies(component({ system: 'data-science-platform' }, {}, 'Resource')),
    ).toBe(false);
  });
});
