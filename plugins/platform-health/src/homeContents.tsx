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
export const UnhealthyServicesHomeContent = lazyContent(() =>
  import('./components/home/PlatformHomeContent').then(
    m => m.UnhealthyServicesHomeContent,
  ),
);

/** @public */
export const FiringAlertsHomeContent = lazyContent(() =>
  import('./components/home/PlatformHomeContent').then(
    m => m.FiringAlertsHomeContent,
  ),
);

/** @public */
export const ProblemPodsHomeContent = lazyContent(() =>
  import('./components/home/PlatformHomeContent').then(
    m => m.ProblemPodsHomeContent,
  ),
);

/** @public */
export const ClusterCapacityHomeContent = lazyContent(() =>
  import('./components/home/PlatformHomeContent').then(
    m => m.ClusterCapacityHomeContent,
  ),
);
