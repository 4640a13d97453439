import type { BackendFeature } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import catalogBackend from '@backstage/plugin-catalog-backend';
import request from 'supertest';

/**
 * Asks `attempt` every 250 ms until it answers something other than undefined, or
 * throws after `timeoutMs` naming `what` it waited for.
 */
export async function eventually<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await attempt();
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

/** An entity as the catalog serves it, with the status the stitcher adds. */
export type ServedEntity = Entity & {
  status?: { items?: Array<{ type: string; level: string; message: string }> };
};

/** A real catalog backend for a catalog module's test. */
export interface TestCatalog {
  backend: Awaited<ReturnType<typeof startTestBackend>>;
  /** The served Resource `default/<name>` (another kind with `kind`), or undefined. */
  getEntity(name: string, kind?: string): Promise<ServedEntity | undefined>;
  /** Waits until the catalog serves `default/<name>`. */
  waitForEntity(name: string, kind?: string): Promise<ServedEntity>;
  /** The errors the catalog published for an entity on its processing-errors topic. */
  publishedErrors(entityRef: string): string[];
  stop(): Promise<void>;
}

/**
 * The REAL catalog backend (its own SQLite database) with the modules under test and
 * `config` as its whole configuration (catalog locations, the modules' keys), the
 * events service mocked so that processing errors can be read as published.
 */
export async function startTestCatalog(options: {
  features: BackendFeature[];
  config: JsonObject;
}): Promise<TestCatalog> {
  const events = mockServices.events.mock();
  const backend = await startTestBackend({
    features: [
      catalogBackend,
      ...options.features,
      events.factory,
      mockServices.rootConfig.factory({ data: options.config }),
    ],
  });
  const getEntity = async (name: string, kind = 'resource') => {
    const response = await request(backend.server).get(
      `/api/catalog/entities/by-name/${kind}/default/${name}`,
    );
    return response.status === 200
      ? (response.body as ServedEntity)
      : undefined;
  };
  return {
    backend,
    getEntity,
    waitForEntity: (name, kind) =>
      eventually(`the catalog to serve ${kind ?? 'resource'} ${name}`, () =>
        getEntity(name, kind),
      ),
    publishedErrors: entityRef =>
      events.publish.mock.calls
        .map(([params]) => params)
        .filter(params => params.topic === 'experimental.catalog.errors')
        .filter(
          params =>
            (params.eventPayload as { entity: string }).entity === entityRef,
        )
        .flatMap(params =>
          (params.eventPayload as { errors: Error[] }).errors.map(
            e => e.message,
          ),
        ),
    stop: () => backend.stop(),
  };
}
