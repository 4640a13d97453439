import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  asUser,
  atriumTestBackendFeatures,
} from '@internal/backend-test-features';
import { platformHealthPlugin } from '../plugin';
import { registerTestPortalMetrics } from './portalMetrics';

/** The demo people's groups: ada is a data scientist, linus DevOps, margaret an admin. */
const GROUPS: Record<string, string[]> = {
  'user:default/ada': ['group:default/team-vision'],
  'user:default/linus': ['group:default/platform-ops'],
  'user:default/margaret': ['group:default/platform-admins'],
};

/** Where the test catalog's trusted platform entities say they come from. */
export const TRUSTED_ORIGIN =
  'url:https://git.example.org/platform/catalog/blob/main/platform.yaml';

/** A Component of the platform System, from `TRUSTED_ORIGIN` unless told otherwise. */
export function platformComponent(
  name: string,
  annotations: Record<string, string>,
  options: { origin?: string | null; spec?: Record<string, unknown> } = {},
): Entity {
  const origin = options.origin === undefined ? TRUSTED_ORIGIN : options.origin;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      title: name,
      annotations: {
        ...(origin
          ? {
              'backstage.io/managed-by-location': origin,
              'backstage.io/managed-by-origin-location': origin,
            }
          : {}),
        ...annotations,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/platform-ops',
      system: 'data-science-platform',
      ...options.spec,
    },
  };
}

/**
 * The platform-health plugin on a test backend with the real permission backend,
 * Atrium's policy and the roles backend, over an in-memory catalog. Requests without a
 * token are unauthenticated (401s can be tested). Stop it with `stop()`.
 */
export async function startPlatformHealthBackend(options: {
  entities: Entity[];
  platformHealth: JsonObject;
  /** Other root config (e.g. `catalog.locations`). */
  config?: JsonObject;
}) {
  registerTestPortalMetrics();
  const auditEvents: AuditedEvent[] = [];
  const backend = await startTestBackend({
    features: [
      platformHealthPlugin,
      recordingAuditor(auditEvents).factory,
      catalogServiceMock.factory({ entities: options.entities }),
      ...atriumTestBackendFeatures({
        groups: GROUPS,
        config: { ...options.config, platformHealth: options.platformHealth },
      }),
    ],
  });
  return { server: backend.server, auditEvents, stop: () => backend.stop() };
}

/** An audit event as the plugin finished it. */
export interface AuditedEvent {
  eventId: string;
  status: 'succeeded' | 'failed';
  meta: JsonObject;
}

/** An auditor that keeps each finished event in `events`. */
function recordingAuditor(events: AuditedEvent[]) {
  return mockServices.auditor.mock({
    createEvent: async options => ({
      success: async params => {
        events.push({
          eventId: options.eventId,
          status: 'succeeded',
          meta: { ...options.meta, ...params?.meta },
        });
      },
      fail: async params => {
        events.push({
          eventId: options.eventId,
          status: 'failed',
          meta: { ...options.meta, ...params?.meta },
        });
      },
    }),
  });
}

/** The authorization header of a demo person (`ada`, `linus`, `margaret`). */
export const as = asUser;

/** Polls until `check` passes (it throws while not yet), or fails with its last error. */
export async function eventually<T>(
  check: () => Promise<T>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(r => setTimeout(r, 100));
    }
  }
}
