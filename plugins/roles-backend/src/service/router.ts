import type {
  AuditorService,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import {
  ASSIGNABLE_ROLES,
  resolveRole,
  roleAssignmentsManagePermission,
  roleAssignmentsReadPermission,
  roleSelfReadPermission,
  type AssignableRole,
  type MyRoleResponse,
} from '@internal/plugin-roles-common';
import {
  createRouteKit,
  entityRefField,
  parseInput,
} from '@internal/backend-route-kit';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { RoleAssignmentStore } from '../database/RoleAssignmentStore';

const roleField = z.enum(
  ASSIGNABLE_ROLES as [AssignableRole, ...AssignableRole[]],
  {
    errorMap: () => ({
      message: `role must be one of: ${ASSIGNABLE_ROLES.join(', ')}`,
    }),
  },
);

const assignmentsQuery = z.object({ role: roleField }).partial().strict();

// At most 255 characters: a longer ref could be stored but never deleted (the delete
// carries it in a query string).
const assignmentBody = z
  .object({ subjectRef: entityRefField(['user', 'group']), role: roleField })
  .strict();

const MANAGE_REFUSAL = 'Only admins may change role assignments';

export async function createRouter(options: {
  auditor: AuditorService;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  store: RoleAssignmentStore;
}): Promise<express.Router> {
  const { store } = options;
  const kit = createRouteKit(options);

  const router = Router();
  router.use(express.json());

  // The caller's own role: every signed-in user may ask about themself.
  router.get('/me', async (req, res) => {
    const caller = await kit.caller(
      req,
      roleSelfReadPermission,
      'You may not read your role',
    );
    const body: MyRoleResponse = {
      userEntityRef: caller.userEntityRef,
      role: resolveRole(
        caller.ownershipEntityRefs,
        await store.listAssignments(),
      ),
      ownershipEntityRefs: caller.ownershipEntityRefs,
    };
    res.json(body);
  });

  // Everyone's assignments, for the admin page.
  router.get('/assignments', async (req, res) => {
    await kit.requirePermission(
      req,
      roleAssignmentsReadPermission,
      'Only admins may list role assignments',
    );
    const query = parseInput(assignmentsQuery, req.query, 'query');
    res.json({ items: await store.listAssignments(query) });
  });

  // Give a user or group a role (admins). Recorded in the audit log.
  router.post('/assignments', async (req, res) => {
    const caller = await kit.caller(
      req,
      roleAssignmentsManagePermission,
      MANAGE_REFUSAL,
    );
    const parsed = parseInput(assignmentBody, req.body, 'role assignment');
    const body = {
      ...parsed,
      subjectRef: parsed.subjectRef.toLocaleLowerCase('en-US'),
    };
    await kit.audited(
      req,
      { eventId: 'role-assignment-add', meta: { ...body } },
      async () => {
        const added = await store.addAssignment({
          ...body,
          createdBy: caller.userEntityRef,
        });
        if (!added) {
          throw new ConflictError(
            `${body.subjectRef} already holds the ${body.role} role`,
          );
        }
      },
      () => ({ before: null, after: { ...body, source: 'admin' } }),
    );
    const [created] = (await store.listAssignments({ role: body.role })).filter(
      a => a.subjectRef === body.subjectRef,
    );
    res.status(201).json(created);
  });

  // Take a role away (admins). Config-seeded assignments are changed in config.
  router.delete('/assignments', async (req, res) => {
    await kit.requirePermission(
      req,
      roleAssignmentsManagePermission,
      MANAGE_REFUSAL,
    );
    const body = parseInput(assignmentBody, req.query, 'query');
    await kit.audited(
      req,
      { eventId: 'role-assignment-remove', meta: { ...body } },
      async () => {
        const removed = await store.removeAssignment(body);
        if (removed === 'config') {
          throw new InputError(
            `${body.subjectRef} holds ${body.role} through app-config (atrium.roles.${body.role}): remove it there and restart`,
          );
        }
        if (!removed) {
          throw new NotFoundError(
            `${body.subjectRef} does not hold the ${body.role} role`,
          );
        }
        return removed;
      },
      removed => ({ before: removed as unknown as JsonObject, after: null }),
    );
    res.status(204).end();
  });

  // For the permission policy (a module of the permission plugin) through roles-node.
  router.get('/service/assignments', async (req, res) => {
    await kit.requirePluginCaller(req, ['permission']);
    res.json({ items: await store.listAssignments() });
  });

  return router;
}
