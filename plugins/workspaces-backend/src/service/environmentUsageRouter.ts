import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { EnvironmentUsageReport } from '@internal/plugin-workspaces-common';
import { createRouteKit, parseInput } from '@internal/backend-route-kit';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { WorkspacesStore } from '../database/WorkspacesStore';

/** The environments plugin: which conda-store builds are in use, which idle. */
const ENVIRONMENT_USAGE_CALLERS = ['environments'];

const usageQuery = z
  .object({
    since: z
      .string({ required_error: 'since: an ISO 8601 date-time is required' })
      .datetime({ offset: true, message: 'since: an ISO 8601 date-time' }),
  })
  .strict();

/**
 * `GET /environment-usage?since=` -> EnvironmentUsageReport (service-only): per
 * environment and conda-store build, the workspaces running it now, the projects that
 * used it since `since` and its last use.
 */
export async function createEnvironmentUsageRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  store: Pick<WorkspacesStore, 'getEnvironmentUsage'>;
}): Promise<express.Router> {
  const kit = createRouteKit(options);
  const router = Router();
  router.get('/environment-usage', async (req, res) => {
    await kit.requirePluginCaller(req, ENVIRONMENT_USAGE_CALLERS);
    const { since } = parseInput(usageQuery, req.query, 'query');
    const report: EnvironmentUsageReport = {
      since: new Date(since).toISOString(),
      items: await options.store.getEnvironmentUsage(since),
    };
    res.json(report);
  });
  return router;
}
