import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { PLATFORM_HEALTH_ANNOTATIONS } from '@internal/plugin-platform-health-common';
import FavoriteIcon from '@material-ui/icons/Favorite';
import { PlatformHealthClient, platformHealthApiRef } from './api';
import { DATA_SCIENCE_PROJECT_TYPE } from '@internal/plugin-environments-common';

/** @public */
export const platformStatusRouteRef = createRouteRef();

/** The System whose components are the platform's services (as in the backend's default). */
const PLATFORM_SYSTEM = 'data-science-platform';

const HEALTH_ANNOTATIONS = [
  PLATFORM_HEALTH_ANNOTATIONS.healthUrl,
  PLATFORM_HEALTH_ANNOTATIONS.availability,
  PLATFORM_HEALTH_ANNOTATIONS.latencyP95,
  PLATFORM_HEALTH_ANNOTATIONS.errorRate,
  PLATFORM_HEALTH_ANNOTATIONS.alertSelector,
];

/** Components of the platform, or anywhere with Atrium's health annotations. */
export function isPlatformService(entity: Entity): boolean {
  if (entity.kind.toLowerCase() !== 'component') return false;
  if (entity.spec?.type === DATA_SCIENCE_PROJECT_TYPE) return false;
  const annotations = entity.metadata.annotations ?? {};
  return (
    entity.spec?.system === PLATFORM_SYSTEM ||
    HEALTH_ANNOTATIONS.some(a => a in annotations)
  );
}

const platformHealthApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: platformHealthApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PlatformHealthClient({ discoveryApi, fetchApi }),
    }),
});

const platformStatusPage = PageBlueprint.make({
  params: {
    path: '/platform-status',
    routeRef: platformStatusRouteRef,
    title: 'Platform status',
    icon: <FavoriteIcon />,
    loader: () =>
      import('./components/PlatformStatusPage').then(m => (
        <m.PlatformStatusPage />
      )),
  },
});

const entityHealthContent = EntityContentBlueprint.make({
  params: {
    path: 'health',
    title: 'Health',
    filter: isPlatformService,
    loader: () =>
      import('./components/EntityHealthContent').then(m => (
        <m.EntityHealthContent />
      )),
  },
});

/**
 * The platform-health plugin: the Platform status page (every platform service's
 * state and why; the cluster overview for DevOps and admins) and the Health tab of
 * platform components.
 *
 * @public
 */
export const platformHealthPlugin = createFrontendPlugin({
  pluginId: 'platform-health',
  title: 'Platform status',
  icon: <FavoriteIcon />,
  routes: { root: platformStatusRouteRef },
  extensions: [platformHealthApi, platformStatusPage, entityHealthContent],
});
