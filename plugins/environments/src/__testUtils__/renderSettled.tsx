import { act } from '@testing-library/react';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  renderInTestApp,
  type TestAppOptions,
  type TestAppRenderResult,
} from '@backstage/frontend-test-utils';

/**
 * renderInTestApp with the catalog's entity page mounted (entity links resolve), letting
 * the promises started on mount settle inside act(), as they would before a user could
 * interact.
 */
export async function renderSettled(
  element: JSX.Element,
  options: TestAppOptions,
): Promise<TestAppRenderResult> {
  let result: TestAppRenderResult | undefined;
  await act(async () => {
    result = renderInTestApp(element, {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      ...options,
    });
  });
  return result!;
}
