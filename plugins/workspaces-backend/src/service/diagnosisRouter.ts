import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  workspaceReadAllPermission,
  workspaceUsePermission,
} from '@internal/plugin-workspaces-common';
import type { WorkspaceDriver } from '@internal/plugin-workspaces-node';
import { createRouteKit, parseInput } from '@internal/backend-route-kit';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  diagnoseWorkspace,
  type DiagnosisDeadlines,
  type PodDiagnosisSource,
} from './workspaceDiagnosis';
import type { WorkspacesService } from './WorkspacesService';

const idParams = z.object({
  id: z.string().uuid('is not a workspace id'),
});

/**
 * `GET /workspaces/:id/diagnosis` -> WorkspaceDiagnosis: why a workspace fails, for its
 * owner and admins (others cannot tell it exists). DevOps read the cluster side through
 * platform-health's own route. The hub token stays here: the browser gets the hub's
 * message and the kernel states, never a hub URL with a token.
 */
export async function createDiagnosisRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  service: WorkspacesService;
  driver: WorkspaceDriver;
  podDiagnosis: PodDiagnosisSource;
  deadlines?: Partial<DiagnosisDeadlines>;
}): Promise<express.Router> {
  const { service, driver, podDiagnosis, deadlines } = options;
  const kit = createRouteKit(options);
  const router = Router();

  router.get('/workspaces/:id/diagnosis', async (req, res) => {
    const who = await kit.caller(
      req,
      workspaceUsePermission,
      'You may not use workspaces: ask an admin for access',
    );
    const { id } = parseInput(idParams, req.params, 'workspace id');
    const workspace = await service.getOrThrow(id);
    if (
      workspace.owner !== who.userEntityRef &&
      !(await kit.isAllowed(who.credentials, workspaceReadAllPermission))
    ) {
      // As for the workspace itself: an id reveals nothing to others.
      throw new NotFoundError(
        `There is no workspace ${id}: it may have been deleted`,
      );
    }
    res.json(
      await diagnoseWorkspace(workspace, { driver, podDiagnosis, deadlines }),
    );
  });

  return router;
}
