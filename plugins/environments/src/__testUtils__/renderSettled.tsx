import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type { TestAppOptions } from '@backstage/frontend-test-utils';
import { renderSettled as renderKitSettled } from '@internal/frontend-kit/testUtils';

/** The kit's renderSettled with the catalog's entity page mounted (entity links resolve). */
export function renderSettled(element: JSX.Element, options: TestAppOptions) {
  return renderKitSettled(element, {
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    ...options,
  });
}
