import { act } from '@testing-library/react';
import {
  renderInTestApp,
  type TestAppOptions,
  type TestAppRenderResult,
} from '@backstage/frontend-test-utils';

/**
 * renderInTestApp, letting the promises started on mount (the role, the first list)
 * settle inside act(), as they would before a user could interact.
 */
export async function renderSettled(
  element: JSX.Element,
  options: TestAppOptions,
): Promise<TestAppRenderResult> {
  let result: TestAppRenderResult | undefined;
  await act(async () => {
    result = renderInTestApp(element, options);
  });
  return result!;
}
