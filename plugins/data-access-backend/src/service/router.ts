import type {
  AuditorService,
  HttpAuthService,
  PermissionsRegistryService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  createRouteKit,
  dateOrInstantField,
  entityRefField,
  parseInput,
  textField,
  type Caller,
} from '@internal/backend-route-kit';
import {
  ACCESS_LEVELS,
  ACCESS_REQUEST_STATUSES,
  DATA_SOURCE_TYPES,
  SENSITIVITY_LEVELS,
  dataAccessAdminPermission,
  dataAccessManagePermission,
  dataAccessReadPermission,
  dataAccessRequestPermission,
  type AccessRequest,
  type AccessRequestStatus,
  type DataGrant,
  type DataSource,
} from '@internal/plugin-data-access-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { DataAccessStore } from '../database/DataAccessStore';
import type { DataSourceIndex } from './DataSourceIndex';
import type { GrantsService, Viewer } from './GrantsService';
import type { LaunchService } from './LaunchService';
import { createLaunchRoutes } from './launchRoutes';
import { dataSourceResourceRef } from './permissionRules';
import type { RequestsService } from './RequestsService';

const READ_REFUSAL = 'You may not see data access: ask an admin';
const REQUEST_REFUSAL = 'You may not ask for data access: ask an admin';
const ADMIN_REFUSAL = 'Only admins may see this';
const manageRefusal = (source: DataSource) =>
  `Only the owner of ${source.name} (${source.owner}) or an admin may manage its access`;

const access = z.enum(ACCESS_LEVELS);
const sourceRef = entityRefField(['resource']);
const grantBody = z
  .object({
    source: sourceRef,
    subject: entityRefField(['group', 'user']),
    access,
    expiresAt: dateOrInstantField().optional(),
  })
  .strict();
const grantPatch = z
  .object({ access: access.optional(), expiresAt: dateOrInstantField().nullable().optional() })
  .strict()
  .refine(p => p.access !== undefined || p.expiresAt !== undefined, 'give access or expiresAt to change');
const endBody = z.object({ reason: textField(500).optional() }).strict();
const grantId = z.object({ id: z.string().min(1).max(300) });
const requestId = z.object({ id: z.string().uuid('is not an access request id') });
const requestBody = z
  .object({
    source: sourceRef,
    access,
    reason: textField(2000).refine(r => r.trim().length > 0, 'say why you need the data: the approver reads it'),
    expiresAt: dateOrInstantField().optional(),
    forGroup: entityRefField(['group']).optional(),
  })
  .strict();
const decisionBody = z
  .object({ decision: z.enum(['approve', 'refuse']), comment: textField(2000).optional() })
  .strict();
const requestsQuery = z
  .object({
    scope: z.enum(['mine', 'to-decide']).default('mine'),
    status: z.enum(ACCESS_REQUEST_STATUSES).optional(),
  })
  .strict();
const matrixQuery = z
  .object({
    sensitivity: z.enum(SENSITIVITY_LEVELS).optional(),
    type: z.enum(DATA_SOURCE_TYPES).optional(),
    q: textField(200).optional(),
  })
  .strict();
const sourceParams = z.object({
  namespace: z.string().min(1).max(63),
  name: z.string().min(1).max(63),
});
const whoQuery = z.object({ source: sourceRef, at: dateOrInstantField().optional() }).strict();

const grantSummary = (g: DataGrant) => ({
  id: g.id,
  source: g.source,
  subject: g.subject,
  access: g.access,
  expiresAt: g.expiresAt,
});
const requestSummary = (r: AccessRequest) => ({
  id: r.id,
  source: r.source,
  requester: r.requester,
  forGroup: r.forGroup,
  access: r.access,
  status: r.status,
});

export async function createRouter(options: {
  auditor: AuditorService;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  store: DataAccessStore;
  index: DataSourceIndex;
  grants: GrantsService;
  requests: RequestsService;
  launches: LaunchService;
}): Promise<express.Router> {
  const { grants, requests, store, index, permissions } = options;
  const kit = createRouteKit(options);
  const authorizeOwner = createConditionAuthorizer(
    options.permissionsRegistry.getPermissionRuleset(dataSourceResourceRef),
  );

  /**
   * The signed-in person and, from one conditional decision, which sources they may
   * manage: admins all, owners theirs (the IS_DATA_SOURCE_OWNER rule applied here).
   */
  const viewer = async (req: express.Request, check = dataAccessReadPermission, refusal = READ_REFUSAL) => {
    const caller = await kit.caller(req, check, refusal);
    const [decision] = await permissions.authorizeConditional(
      [{ permission: dataAccessManagePermission }],
      { credentials: caller.credentials },
    );
    const canManage = (source: DataSource) =>
      decision.result === AuthorizeResult.ALLOW ||
      (decision.result === AuthorizeResult.CONDITIONAL && authorizeOwner(decision, source));
    return { ...caller, canManage } as Caller & Viewer;
  };
  const isAdmin = (caller: Caller) => kit.isAllowed(caller.credentials, dataAccessAdminPermission);

  /** The grant of `:id` and its source, if the caller may manage that source. */
  const managedGrant = async (req: express.Request) => {
    const who = await viewer(req);
    const { id } = parseInput(grantId, req.params, 'grant id');
    const grant = await grants.grantOrThrow(id);
    const { source } = await grants.sourceOrThrow(grant.source);
    if (!who.canManage(source)) throw new NotAllowedError(manageRefusal(source));
    return { who, grant };
  };

  const router = Router();
  router.use(express.json({ limit: '64kb' }));

  router.get('/matrix', async (req, res) => {
    const who = await viewer(req);
    res.json(await grants.matrix(who, parseInput(matrixQuery, req.query, 'query')));
  });

  router.get('/sources/:namespace/:name', async (req, res) => {
    const who = await viewer(req);
    const { namespace, name } = parseInput(sourceParams, req.params, 'data source');
    res.json(await grants.details(who, `resource:${namespace}/${name}`));
  });

  router.post('/grants', async (req, res) => {
    const who = await viewer(req);
    const body = parseInput(grantBody, req.body, 'grant');
    const { source } = await grants.sourceOrThrow(body.source);
    if (!who.canManage(source)) throw new NotAllowedError(manageRefusal(source));
    const created = await kit.audited(
      req,
      { eventId: 'data-access-grant', meta: { source: source.ref, subject: body.subject, access: body.access, expiresAt: body.expiresAt ?? null } },
      () => grants.create(who.userEntityRef, body),
      g => ({ grant: grantSummary(g) }),
    );
    res.status(201).json(created);
  });

  router.patch('/grants/:id', async (req, res) => {
    const { grant } = await managedGrant(req);
    const patch = parseInput(grantPatch, req.body, 'grant change');
    const changed = await kit.audited(
      req,
      { eventId: 'data-access-grant-change', meta: { before: grantSummary(grant) } },
      () => grants.change(grant, patch),
      g => ({ after: grantSummary(g) }),
    );
    res.json(changed);
  });

  router.post('/grants/:id/end', async (req, res) => {
    const { who, grant } = await managedGrant(req);
    const { reason } = parseInput(endBody, req.body ?? {}, 'grant end');
    const ended = await kit.audited(
      req,
      { eventId: 'data-access-grant-end', meta: { grant: grantSummary(grant), reason: reason ?? null } },
      () => grants.end(grant, who.userEntityRef, reason),
    );
    res.json(ended);
  });

  router.get('/requests', async (req, res) => {
    const who = await viewer(req);
    const query = parseInput(requestsQuery, req.query, 'query');
    const statuses = (wanted: AccessRequestStatus[]) => (query.status ? [query.status] : wanted);
    if (query.scope === 'mine') {
      res.json({ items: await store.listRequests({ requester: who.userEntityRef, statuses: query.status && [query.status] }) });
      return;
    }
    if (await isAdmin(who)) {
      res.json({ items: await store.listRequests({ statuses: statuses(['pending', 'owner-approved']) }) });
      return;
    }
    const managed = [...(await index.all()).values()].filter(s => who.canManage(s.source)).map(s => s.source.ref);
    res.json({
      items: managed.length ? await store.listRequests({ sources: managed, statuses: statuses(['pending']) }) : [],
    });
  });

  router.post('/requests', async (req, res) => {
    const who = await viewer(req, dataAccessRequestPermission, REQUEST_REFUSAL);
    const body = parseInput(requestBody, req.body, 'access request');
    const created = await kit.audited(
      req,
      { eventId: 'data-access-request', meta: { source: body.source, access: body.access, forGroup: body.forGroup ?? null } },
      () => requests.create(who, body),
      r => ({ request: requestSummary(r) }),
    );
    res.status(201).json(created);
  });

  router.post('/requests/:id/decision', async (req, res) => {
    const who = await viewer(req);
    const { id } = parseInput(requestId, req.params, 'request id');
    const body = parseInput(decisionBody, req.body, 'decision');
    const request = await requests.getOrThrow(id);
    const { source } = await grants.sourceOrThrow(request.source);
    const decider = { userEntityRef: who.userEntityRef, canManage: who.canManage(source), isAdmin: await isAdmin(who) };
    const decided = await kit.audited(
      req,
      { eventId: 'data-access-request-decision', meta: { request: requestSummary(request), decision: body.decision } },
      () => requests.decide(decider, request, body),
      r => ({ status: r.status, grantId: r.grantId }),
    );
    res.json(decided);
  });

  router.post('/requests/:id/withdraw', async (req, res) => {
    const who = await viewer(req);
    const { id } = parseInput(requestId, req.params, 'request id');
    const request = await requests.getOrThrow(id);
    const withdrawn = await kit.audited(
      req,
      { eventId: 'data-access-request-withdraw', meta: { request: requestSummary(request) } },
      () => requests.withdraw(who.userEntityRef, request),
    );
    res.json(withdrawn);
  });

  router.get('/who-could-access', async (req, res) => {
    await kit.requirePermission(req, dataAccessAdminPermission, ADMIN_REFUSAL);
    const query = parseInput(whoQuery, req.query, 'query');
    res.json(await grants.whoCouldAccess(query.source, query.at ?? grants.now().toISOString()));
  });

  router.get('/held-without-access', async (req, res) => {
    await kit.requirePermission(req, dataAccessAdminPermission, ADMIN_REFUSAL);
    res.json({ items: await store.listHeld() });
  });

  router.use(createLaunchRoutes({ kit, launches: options.launches }));
  return router;
}
