import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { BasicPermission } from '@backstage/plugin-permission-common';
import {
  WORKSPACE_NAME_PATTERN,
  WORKSPACE_NAME_RULE,
  workspaceManageAllPermission,
  workspaceReadAllPermission,
  workspaceUsePermission,
  type Workspace,
} from '@internal/plugin-workspaces-common';
import { parseEntityRef } from '@backstage/catalog-model';
import express from 'express';
import Router from 'express-promise-router';
import {
  createRouteKit,
  entityRefField,
  nameField,
  parseInput,
  textField,
  type Caller,
} from '@internal/backend-route-kit';
import { z } from 'zod';
import type { StoredWorkspace } from '../database/WorkspacesStore';
import type { WorkspacesService } from './WorkspacesService';
import { GIT_COMMIT_PATTERN } from './gitCommit';
import { listQuery, pageQuery } from './listQuery';
import { createUsageSessionsRouter } from './usageSessionsRouter';

/** A project is a catalog Component; an environment a catalog Resource. */
const projectRef = entityRefField(['component']);
const environmentRef = entityRefField(['resource']);
/** Profile slugs come from config (KubeSpawner's slugs have no length of their own). */
const profileSlug = nameField(255);
/** Profile options: a few choices, each a config key and a choice or a typed value. */
const profileOptions = z
  .record(nameField(128), textField(500))
  .refine(o => Object.keys(o).length <= 32, 'at most 32 options');

const USE_REFUSAL = 'You may not use workspaces: ask an admin for access';

const createBody = z
  .object({
    name: z
      .string()
      .regex(WORKSPACE_NAME_PATTERN, `name: ${WORKSPACE_NAME_RULE}`),
    profile: profileSlug,
    options: profileOptions.optional(),
    project: projectRef.optional(),
    environment: environmentRef.optional(),
    gitCommit: z
      .string()
      .regex(
        new RegExp(GIT_COMMIT_PATTERN.source, 'i'),
        'a full commit sha (40 hex characters), as `git rev-parse HEAD` prints it',
      )
      .optional(),
    /** A conda-store build of the environment (a build id, as conda-store numbers them). */
    environmentBuild: z
      .number()
      .int('environmentBuild: a conda-store build id (a whole number)')
      .positive('environmentBuild: a conda-store build id (1 or more)')
      .max(2_147_483_647, 'environmentBuild: a conda-store build id')
      .optional(),
    start: z.boolean().optional(),
  })
  .strict();

const reproduceBody = z
  .object({
    name: z
      .string()
      .regex(WORKSPACE_NAME_PATTERN, `name: ${WORKSPACE_NAME_RULE}`)
      .optional(),
    /** Start right away (default true). */
    start: z.boolean().optional(),
  })
  .strict();

const previewBody = z
  .object({
    profile: profileSlug,
    options: profileOptions.optional(),
    project: projectRef.optional(),
    name: z.string().max(63).optional(),
    reproducedFrom: z
      .string()
      .uuid('reproducedFrom: a workspace id')
      .optional(),
  })
  .strict();

/** The plugins that stop workspaces by a policy: data-access when access ends. */
const POLICY_STOP_CALLERS = ['data-access'];

const policyStopBody = z
  .object({
    /** What the owner reads ("access to clinical-trials-2026 ended"). */
    reason: z
      .string()
      .trim()
      .min(1, 'reason: say why the workspace is stopped')
      .max(300, 'reason: at most 300 characters'),
  })
  .strict();

/** "stopped: <reason>", unless the reason already says so. */
export function policyStopReason(reason: string): string {
  return /^stopped\b/i.test(reason) ? reason : `stopped: ${reason}`;
}

const idParams = z.object({
  id: z.string().uuid('is not a workspace id'),
});

/** What an audit event says about a workspace. */
function summary(w: StoredWorkspace) {
  return {
    id: w.id,
    name: w.name,
    owner: w.owner,
    profile: w.profile,
    status: w.status,
    ...(w.statusReason ? { statusReason: w.statusReason } : {}),
  };
}

/** The API view of a workspace: without the portal's bookkeeping. */
function toApi(workspace: StoredWorkspace): Workspace {
  const { lastSeenRunningAt: _seen, ownerGroups: _groups, ...rest } = workspace;
  return rest;
}

export async function createRouter(options: {
  auditor: AuditorService;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  logger: LoggerService;
  service: WorkspacesService;
}): Promise<express.Router> {
  const { service } = options;
  const kit = createRouteKit(options);

  /** The signed-in caller, who must be allowed to use workspaces. */
  const workspacesUser = (req: express.Request) =>
    kit.caller(req, workspaceUsePermission, USE_REFUSAL);

  /** Runs a workspace action as an audit event: who, what, from where, before and after. */
  const auditedAction = <T extends StoredWorkspace | void>(
    req: express.Request,
    eventId: string,
    before: StoredWorkspace | undefined,
    action: () => Promise<T>,
  ): Promise<T> =>
    kit.audited(
      req,
      { eventId, meta: before ? { workspace: summary(before) } : {} },
      action,
      after => ({
        before: before ? summary(before) : null,
        after: after ? summary(after as StoredWorkspace) : null,
      }),
    );

  /**
   * A workspace the caller may act on: their own, or anyone's with the admin permission
   * for that kind of action. Someone else's workspace is reported as not found to
   * those who may not see it, so ids reveal nothing.
   */
  const workspaceFor = async (
    req: express.Request,
    who: Caller,
    adminPermission: BasicPermission,
  ) => {
    const { id } = parseInput(idParams, req.params, 'workspace id');
    const workspace = await service.getOrThrow(id);
    if (workspace.owner === who.userEntityRef) return workspace;
    if (await kit.isAllowed(who.credentials, adminPermission)) return workspace;
    if (await kit.isAllowed(who.credentials, workspaceReadAllPermission)) {
      throw new NotAllowedError(
        `Only the owner or an admin may change '${workspace.name}'`,
      );
    }
    throw new NotFoundError(
      `There is no workspace ${id}: it may have been deleted`,
    );
  };

  const router = Router();
  router.use(express.json({ limit: '64kb' }));

  router.get('/profiles', async (req, res) => {
    const who = await workspacesUser(req);
    res.json({ items: service.profilesFor(who) });
  });

  router.get('/workspaces', async (req, res) => {
    const who = await workspacesUser(req);
    const query = parseInput(listQuery, req.query, 'query');
    if (
      query.scope === 'all' &&
      !(await kit.isAllowed(who.credentials, workspaceReadAllPermission))
    ) {
      throw new NotAllowedError(
        "Only admins may list everyone's workspaces: use scope=mine",
      );
    }
    const owner = query.scope === 'mine' ? who.userEntityRef : query.owner;
    if (query.limit !== undefined) {
      // One page, filtered and sorted in SQL (the tables); `total` counts all pages.
      const page = await service.page(
        pageQuery({ ...query, limit: query.limit }, owner),
      );
      res.json({ items: page.items.map(toApi), total: page.total });
      return;
    }
    const items = await service.list({ owner, project: query.project });
    res.json({ items: items.map(toApi) });
  });

  router.post('/workspaces', async (req, res) => {
    const who = await workspacesUser(req);
    const body = parseInput(createBody, req.body, 'workspace');
    const workspace = await auditedAction(
      req,
      'workspace-create',
      undefined,
      () => service.create(who, body),
    );
    res.status(201).json(toApi(workspace));
  });

  // A new workspace of the caller with exactly the profile, options, environment and
  // git commit of a workspace they may see: their own, or anyone's for admins.
  router.post('/workspaces/:id/reproduce', async (req, res) => {
    const who = await workspacesUser(req);
    const source = await workspaceFor(req, who, workspaceReadAllPermission);
    const body = parseInput(reproduceBody, req.body ?? {}, 'reproduction');
    const workspace = await auditedAction(
      req,
      'workspace-reproduce',
      source,
      () => service.reproduce(who, source, body),
    );
    res.status(201).json(toApi(workspace));
  });

  // What the launch dialog shows before a start (price, budget, quotas, refusal).
  router.post('/launch-preview', async (req, res) => {
    const who = await workspacesUser(req);
    const body = parseInput(previewBody, req.body, 'launch preview');
    res.json(await service.launchPreview(who, body));
  });

  router.use(
    createUsageSessionsRouter({ kit, httpAuth: options.httpAuth, service }),
  );

  router.get('/workspaces/:id', async (req, res) => {
    const who = await workspacesUser(req);
    res.json(toApi(await workspaceFor(req, who, workspaceReadAllPermission)));
  });

  router.get('/workspaces/:id/events', async (req, res) => {
    const who = await workspacesUser(req);
    const workspace = await workspaceFor(req, who, workspaceReadAllPermission);
    res.json({ items: await service.events(workspace.id) });
  });

  // Start and restart run the workspace as its owner: nobody else may do either.
  for (const action of ['start', 'restart'] as const) {
    router.post(`/workspaces/:id/${action}`, async (req, res) => {
      const who = await workspacesUser(req);
      const workspace = await workspaceFor(
        req,
        who,
        workspaceManageAllPermission,
      );
      if (workspace.owner !== who.userEntityRef) {
        throw new NotAllowedError(
          `Only the owner may ${action} a workspace (it runs as them)`,
        );
      }
      const run = () =>
        action === 'start'
          ? service.start(who, workspace)
          : service.restart(who, workspace);
      res
        .status(202)
        .json(
          toApi(
            await auditedAction(req, `workspace-${action}`, workspace, run),
          ),
        );
    });
  }

  router.post('/workspaces/:id/stop', async (req, res) => {
    const who = await workspacesUser(req);
    const workspace = await workspaceFor(
      req,
      who,
      workspaceManageAllPermission,
    );
    const reason =
      workspace.owner === who.userEntityRef
        ? 'stopped by you'
        : `stopped by ${parseEntityRef(who.userEntityRef).name} (admin)`;
    res
      .status(202)
      .json(
        toApi(
          await auditedAction(req, 'workspace-stop', workspace, () =>
            service.stop(workspace, who.userEntityRef, reason),
          ),
        ),
      );
  });

  // Service-only: a policy (data access ended) stops a workspace, whoever owns it, with
  // the reason its owner reads.
  router.post('/workspaces/:id/stop-for-policy', async (req, res) => {
    await kit.requirePluginCaller(req, POLICY_STOP_CALLERS);
    const { id } = parseInput(idParams, req.params, 'workspace id');
    const body = parseInput(policyStopBody, req.body ?? {}, 'policy stop');
    const workspace = await service.getOrThrow(id);
    res
      .status(202)
      .json(
        toApi(
          await auditedAction(req, 'workspace-stop-for-policy', workspace, () =>
            service.stop(workspace, undefined, policyStopReason(body.reason)),
          ),
        ),
      );
  });

  router.delete('/workspaces/:id', async (req, res) => {
    const who = await workspacesUser(req);
    const workspace = await workspaceFor(
      req,
      who,
      workspaceManageAllPermission,
    );
    await auditedAction(req, 'workspace-delete', workspace, () =>
      service.delete(workspace, who.userEntityRef),
    );
    res.status(204).end();
  });

  router.get('/workspaces/:id/progress', async (req, res) => {
    const who = await workspacesUser(req);
    const workspace = await workspaceFor(req, who, workspaceReadAllPermission);
    const abort = new AbortController();
    req.on('close', () => abort.abort());
    res.status(200);
    res.setHeader('content-type', 'text/event-stream');
    res.setHeader('cache-control', 'no-cache');
    res.flushHeaders();
    try {
      for await (const event of service.progress(workspace, abort.signal)) {
        res.write(`data: ${JSON.stringify(event)}\n\n`);
      }
    } catch (error) {
      // Headers are sent: report the failure as a last event the page can show.
      res.write(
        `data: ${JSON.stringify({
          progress: 0,
          failed: true,
          message: (error as Error).message,
        })}\n\n`,
      );
    }
    res.end();
  });

  return router;
}
