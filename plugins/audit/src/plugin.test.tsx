import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { auditPlugin } from './plugin';

describe('auditPlugin', () => {
  it('mounts the page at /admin/audit', () => {
    const tester = createExtensionTester(
      auditPlugin.getExtension('page:audit'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/admin/audit');
  });
});
