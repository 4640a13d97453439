import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  ASSIGNABLE_ROLES,
  resolveRole,
  roleAssignmentsReadPermission,
  roleSelfReadPermission,
  type MyRoleResponse,
} from '@internal/plugin-roles-common';
import express from 'express';
import Router from 'express-promise-router';
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

/** Turns a zod failure into a 400 whose message names the field and what is expected. */
function parseInput<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    const detail = result.error.issues
      .map(i =>
        i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message,
      )
      .join('; ');
    throw new InputError(`Invalid ${what}: ${detail}`);
  }
  return result.data;
}

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  store: RoleAssignmentStore;
}): Promise<express.Router> {
  const { httpAuth, userInfo, permissions, store } = options;
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

  // For other backend plugins (the permission policy) through the roles-node client.
  router.get('/service/assignments', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    res.json({ items: await store.listAssignments() });
  });

  return router;
}
