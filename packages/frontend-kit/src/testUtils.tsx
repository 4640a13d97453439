import { act } from '@testing-library/react';
import { SWRConfig } from 'swr';
import {
  renderInTestApp,
  type TestAppOptions,
  type TestAppRenderResult,
} from '@backstage/frontend-test-utils';

/**
 * renderInTestApp, letting the promises started on mount (the role, the permissions,
 * the first list) settle inside act(), as they would before a user could interact.
 *
 * Each render gets its own cache for `usePermission` (which keeps answers in SWR's
 * global cache): otherwise one test's "allowed" would be shown, stale, to the next
 * test's user.
 */
export async function renderSettled(
  element: JSX.Element,
  options: TestAppOptions = {},
): Promise<TestAppRenderResult> {
  let result: TestAppRenderResult | undefined;
  await act(async () => {
    result = renderInTestApp(
      <SWRConfig value={{ provider: () => new Map() }}>{element}</SWRConfig>,
      options,
    );
  });
  return result!;
}
