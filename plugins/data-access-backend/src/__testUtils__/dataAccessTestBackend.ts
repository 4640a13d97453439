import {
  coreServices,
  createServiceFactory,
  type BackendFeature,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  mockServices,
  startTestBackend,
  type TestDatabaseId,
  type TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsBackend from '@backstage/plugin-notifications-backend';
import {
  asUser,
  atriumTestBackendFeatures,
  testDatabaseFeature,
} from '@internal/backend-test-features';
import {
  atriumAuditorServiceFactory,
  auditEventSinkServiceRef,
  type AuditEventSink,
} from '@internal/plugin-audit-node';
import type { RevocationPolicy } from '@internal/plugin-data-access-common';
import { workspacesApiServiceRef } from '@internal/plugin-workspaces-node';
import { onBehalfOfAuthFactory } from '@internal/test-utils';
import { dataAccessPlugin } from '../plugin';
import { TEST_ENTITIES, TEST_GROUPS } from './entities';

export const TEST_SIGNING_KEY = 'test-launch-signing-key-0123456789';

/** A stop the revocation task asked the workspaces backend for. */
export interface StopCall {
  id: string;
  reason: string;
  caller: string;
}

/**
 * The data-access routes on a test backend with the real permission backend and
 * Atrium's policy, the real notifications backend, audit events as the audit log
 * receives them, and a scheduler that runs the revocation task only when told. The
 * workspaces backend is a fake that records stops: the real hub stop is tested by the
 * workspaces plugin's own suite.
 */
export async function startDataAccessBackend(options: {
  databases: TestDatabases;
  databaseId: TestDatabaseId;
  entities?: Entity[];
  signingKey?: string | null;
  policy?: RevocationPolicy;
  /** More plugins on the same backend (a caller of the data-access API). */
  features?: BackendFeature[];
}) {
  const auditEvents: Parameters<AuditEventSink['publish']>[0][] = [];
  const stops: StopCall[] = [];
  const scheduler = mockServices.scheduler();
  const database = testDatabaseFeature(options.databases, options.databaseId);
  const signingKey = options.signingKey === undefined ? TEST_SIGNING_KEY : options.signingKey;
  const { server } = await startTestBackend({
    features: [
      dataAccessPlugin,
      ...(options.features ?? []),
      notificationsBackend,
      database.feature,
      atriumAuditorServiceFactory,
      createServiceFactory({
        service: auditEventSinkServiceRef,
        deps: {},
        factory: () => ({ publish: event => auditEvents.push(event), subscribe: () => {} }),
      }),
      createServiceFactory({ service: coreServices.scheduler, deps: {}, factory: () => scheduler }),
      createServiceFactory({
        service: workspacesApiServiceRef,
        deps: {},
        factory: () =>
          ({
            stopWorkspace: async (id: string, request: { reason: string }, { credentials }: { credentials: any }) => {
              stops.push({ id, reason: request.reason, caller: credentials.principal.subject });
              return {};
            },
          }) as any,
      }),
      catalogServiceMock.factory({ entities: options.entities ?? TEST_ENTITIES }),
      onBehalfOfAuthFactory,
      ...atriumTestBackendFeatures({
        groups: TEST_GROUPS,
        config: {
          app: { baseUrl: 'http://localhost:3000' },
          dataAccess: {
            ...(signingKey ? { launchSigningKey: signingKey } : {}),
            revocation: { policy: options.policy ?? 'list' },
          },
        },
      }),
    ],
  });
  return {
    server,
    as: asUser,
    auditEvents,
    stops,
    /** Runs the revocation task now. */
    revoke: () => scheduler.triggerTask('data-access-revocation'),
    knex: () => database.knexOf('data-access'),
  };
}
