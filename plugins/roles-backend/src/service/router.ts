import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import {
  AuthorizeResult,
  type BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  ASSIGNABLE_ROLES,
  resolveRole,
  roleAssignmentsManagePermission,
  roleAssignmentsReadPermission,
  roleSelfReadPermission,
  type MyRoleResponse,
} from '@internal/plugin-roles-common';
import express from 'express';
import Router from 'express-promise-router';
import {
  parseInput,
  requirePluginCaller,
} from '@internal/backend-route-kit';
import { z } from 'zod';
import type { RoleAssignmentStore } from '../database/RoleAssignmentStore';

const assignmentsQuery = z
  .object({
    role: z.enum(ASSIGNABLE_ROLES as [string, ...string[]], {
      errorMap: () => ({
        message: `role must be one of: ${ASSIGNABLE_ROLES.join(', ')}`,
      }),
    }),
  })
  .partial()
  .strict();

const assignmentBody = z
  .object({
    subjectRef: z
      .string()
      .regex(
        /^(user|group):[^/\s]+\/[^/\s]+$/i,
        'must be a user or group entity ref, like group:default/platform-admins',
      ),
    role: z.enum(ASSIGNABLE_ROLES as [string, ...string[]], {
      errorMap: () => ({
        message: `role must be one of: ${ASSIGNABLE_ROLES.join(', ')}`,
      }),
    }),
  })
  .strict();

export async function createRouter(options: {
  auditor: AuditorService;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  store: RoleAssignmentStore;
}): Promise<express.Router> {
  const { auditor, httpAuth, userInfo, permissions, store } = options;
  const authorizeOrThrow = async (
    request: { permission: BasicPermission },
    credentials: BackstageCredentials,
    refusal: string,
  ) => {
    const [decision] = await permissions.authorize([request], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(refusal);
    }
  };

  const router = Router();
  router.use(express.json());

  // The caller's own role: every signed-in user may ask about themself.
  router.get('/me', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    await authorizeOrThrow(
      { permission: roleSelfReadPermission },
      credentials,
      'You may not read your role',
    );
    const info = await userInfo.getUserInfo(credentials);
    const body: MyRoleResponse = {
      userEntityRef: info.userEntityRef,
      role: resolveRole(
        info.ownershipEntityRefs,
        await store.listAssignments(),
      ),
      ownershipEntityRefs: info.ownershipEntityRefs,
    };
    res.json(body);
  });

  // Everyone's assignments, for the admin page.
  router.get('/assignments', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    await authorizeOrThrow(
      { permission: roleAssignmentsReadPermission },
      credentials,
      'Only admins may list role assignments',
    );
    const query = parseInput(assignmentsQuery, req.query, 'query');
    res.json({
      items: await store.listAssignments(
        query as { role?: 'admin' | 'devops' },
      ),
    });
  });

  // Give a user or group a role (admins). Recorded in the audit log.
  router.post('/assignments', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    await authorizeOrThrow(
      { permission: roleAssignmentsManagePermission },
      credentials,
      'Only admins may change role assignments',
    );
    const parsed = parseInput(assignmentBody, req.body, 'role assignment') as {
      subjectRef: string;
      role: 'admin' | 'devops';
    };
    const body = {
      ...parsed,
      subjectRef: parsed.subjectRef.toLocaleLowerCase('en-US'),
    };
    const event = await auditor.createEvent({
      eventId: 'role-assignment-add',
      severityLevel: 'medium',
      request: req,
      meta: { subjectRef: body.subjectRef, role: body.role },
    });
    try {
      const added = await store.addAssignment({
        ...body,
        createdBy: credentials.principal.userEntityRef,
      });
      if (!added) {
        throw new ConflictError(
          `${body.subjectRef} already holds the ${body.role} role`,
        );
      }
      await event.success({
        meta: { before: null, after: { ...body, source: 'admin' } },
      });
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
    const [created] = (await store.listAssignments({ role: body.role })).filter(
      a => a.subjectRef === body.subjectRef,
    );
    res.status(201).json(created);
  });

  // Take a role away (admins). Config-seeded assignments are changed in config.
  router.delete('/assignments', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    await authorizeOrThrow(
      { permission: roleAssignmentsManagePermission },
      credentials,
      'Only admins may change role assignments',
    );
    const body = parseInput(assignmentBody, req.query, 'query') as {
      subjectRef: string;
      role: 'admin' | 'devops';
    };
    const event = await auditor.createEvent({
      eventId: 'role-assignment-remove',
      severityLevel: 'medium',
      request: req,
      meta: { subjectRef: body.subjectRef, role: body.role },
    });
    try {
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
      await event.success({
        meta: { before: removed as unknown as JsonObject, after: null },
      });
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
    res.status(204).end();
  });

  // For the permission policy (a module of the permission plugin) through roles-node.
  router.get('/service/assignments', async (req, res) => {
    await requirePluginCaller(httpAuth, req, ['permission']);
    res.json({ items: await store.listAssignments() });
  });

  return router;
}
