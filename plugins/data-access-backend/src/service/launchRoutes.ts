import { InputError } from '@backstage/errors';
import { entityRefField, nameField, parseInput, type RouteKit } from '@internal/backend-route-kit';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { LaunchService } from './LaunchService';

const workspaceId = z.string().max(100, 'must be at most 100 characters');
const launchBody = z
  .object({
    user: entityRefField(['user']),
    groups: z.array(entityRefField(['group'])).max(1000, 'at most 1000 groups'),
    workspaceId,
    hubUser: nameField(255),
    server: z.string().max(255, 'must be at most 255 characters'),
    reproducedFrom: workspaceId.min(1).optional(),
  })
  .strict();
const endParams = z.object({ workspaceId: workspaceId.min(1) });

/**
 * What a workspace launch receives: service-only routes the workspaces plugin calls
 * (its launch contributor, through plugin-data-access-node's client).
 */
export function createLaunchRoutes(options: { kit: RouteKit; launches: LaunchService }) {
  const { kit, launches } = options;
  const router = Router();

  router.post('/launches/preview', async (req, res) => {
    await kit.requirePluginCaller(req, ['workspaces']);
    res.json(await launches.preview(parseInput(launchBody, req.body, 'launch')));
  });

  router.post('/launches', async (req, res) => {
    await kit.requirePluginCaller(req, ['workspaces']);
    const body = parseInput(launchBody, req.body, 'launch');
    if (!body.workspaceId) {
      throw new InputError(
        'Invalid launch: workspaceId: a recorded launch needs the workspace id',
      );
    }
    const recorded = await launches.record(body);
    if (recorded.sources.length > 0) {
      // Data-bearing launches are audit events; one that gets no data is not.
      await kit.audited(
        req,
        {
          eventId: 'data-access-launch',
          meta: {
            workspaceId: body.workspaceId,
            user: body.user,
            reproducedFrom: body.reproducedFrom ?? null,
            sources: recorded.sources.map(s => ({ ref: s.ref, access: s.access, snapshot: s.snapshot ?? null })),
            withheld: recorded.withheld.map(w => w.ref),
          },
        },
        async () => recorded,
      );
    }
    res.json(recorded);
  });

  router.post('/launches/:workspaceId/end', async (req, res) => {
    await kit.requirePluginCaller(req, ['workspaces']);
    const { workspaceId: id } = parseInput(endParams, req.params, 'workspace id');
    await launches.end(id);
    res.status(204).end();
  });

  return router;
}
