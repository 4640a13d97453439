import { lazy, Suspense, type ComponentType } from 'react';
import { Progress } from '@backstage/core-components';

/**
 * A home widget's content whose code loads only when a home page shows it: the package
 * entry is imported at app start (plugin discovery), so a plain re-export would put
 * every widget's code in the first download.
 */
function lazyContent<P extends object>(
  load: () => Promise<ComponentType<P>>,
): ComponentType<P> {
  const Lazy = lazy(async () => ({ default: await load() }));
  return (props: P) => (
    <Suspense fallback={<Progress />}>
      <Lazy {...(props as any)} />
    </Suspense>
  );
}

/** @public */
export const MyWorkspacesHomeContent = lazyContent(() =>
  import('./components/home/MyWorkspacesHomeContent').then(
    m => m.MyWorkspacesHomeContent,
  ),
);
