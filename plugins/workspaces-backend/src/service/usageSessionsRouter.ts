import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { parseInput, type RouteKit } from '@internal/backend-route-kit';
import { workspaceReadAllPermission } from '@internal/plugin-workspaces-common';
import type express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { parseChangeCursor } from '../database/rows';
import type { WorkspacesService } from './WorkspacesService';

const usageSessionsQuery = z
  .object({
    since: z
      .string()
      .datetime({ offset: true, message: 'since: an ISO 8601 date-time' })
      .optional(),
    // Changed (opened or closed) since: pages in change order, `after` a cursor.
    updatedSince: z
      .string()
      .datetime({
        offset: true,
        message: 'updatedSince: an ISO 8601 date-time',
      })
      .optional(),
    after: z.string().max(64).optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1, 'limit: 1 to 5000')
      .max(5000, 'limit: 1 to 5000')
      .default(1000),
  })
  .strict()
  .refine(q => (q.since === undefined) !== (q.updatedSince === undefined), {
    message: 'one of since or updatedSince',
  })
  .refine(q => !q.updatedSince || !q.after || parseChangeCursor(q.after), {
    message: 'after: the nextAfter of the previous page',
  });

/**
 * `GET /usage-sessions`: the workspaces' usage sessions for metering, by start time or
 * in change order, for the costs plugin (a service) or an admin.
 */
export function createUsageSessionsRouter(options: {
  kit: RouteKit;
  httpAuth: HttpAuthService;
  service: WorkspacesService;
}): express.Router {
  const { kit } = options;
  const router = Router();
  // Usage sessions for metering: the costs plugin (a service) or an admin reads them.
  router.get('/usage-sessions', async (req, res) => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['service', 'user'],
    });
    if (credentials.principal.type === 'service') {
      await kit.requirePluginCaller(req, ['costs']);
    } else {
      await kit.requirePermission(
        credentials,
        workspaceReadAllPermission,
        'Only the costs plugin and admins read usage sessions',
      );
    }
    const query = parseInput(usageSessionsQuery, req.query, 'query');
    if (query.updatedSince) {
      res.json(
        await options.service.usageSessionsUpdatedSince({
          ...query,
          updatedSince: query.updatedSince,
        }),
      );
      return;
    }
    const items = await options.service.usageSessionsChangedSince({
      ...query,
      since: query.since!,
    });
    res.json({
      items,
      ...(items.length === query.limit
        ? { nextAfter: items[items.length - 1].id }
        : {}),
    });
  });

  return router;
}
