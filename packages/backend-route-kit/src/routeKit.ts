import type {
  AuditorService,
  AuditorServiceEventSeverityLevel,
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import type { Request } from 'express';
import { requirePluginCaller } from './pluginCaller';

/** A signed-in user calling a route: who they are and what they belong to. */
export interface Caller {
  credentials: BackstageCredentials<BackstageUserPrincipal>;
  /** As the sign-in resolver issued it, e.g. `user:default/alice`. */
  userEntityRef: string;
  /** The user and every group they belong to (Backstage's ownership refs). */
  ownershipEntityRefs: string[];
  /** The `group:` refs among the ownership refs, lower case. */
  groups: string[];
}

/** A permission to check: a basic one, or a resource one with the resource's ref. */
export type PermissionCheck =
  | BasicPermission
  | { permission: ResourcePermission; resourceRef: string };

/** An audit event to record around an action (Backstage's auditor service). */
export interface AuditedEvent {
  eventId: string;
  severityLevel?: AuditorServiceEventSeverityLevel;
  /** What is known before the action: the target, the request's parameters. */
  meta?: JsonObject;
}

/**
 * The one way an Atrium router resolves its caller, checks a permission and records
 * an audit event. Every router builds one from its plugin's core services.
 */
export interface RouteKit {
  /** The signed-in user's credentials (users only: a service token is a 401). */
  userCredentials(
    req: Request,
  ): Promise<BackstageCredentials<BackstageUserPrincipal>>;
  /** Whether `credentials` hold the permission (ALLOW from the policy). */
  isAllowed(
    credentials: BackstageCredentials,
    check: PermissionCheck,
  ): Promise<boolean>;
  /**
   * Throws a 403 with `refusal` (a sentence saying what to do) unless the caller
   * holds the permission. Given a request, authenticates the user first.
   */
  requirePermission(
    from: Request | BackstageCredentials,
    check: PermissionCheck,
    refusal: string,
  ): Promise<BackstageCredentials>;
  /** The signed-in user, who must hold `check` (refused with `refusal`). */
  caller(
    req: Request,
    check: PermissionCheck,
    refusal: string,
  ): Promise<Caller>;
  /** A service-only route's caller, which must be one of these backend plugins. */
  requirePluginCaller(
    req: Request,
    pluginIds: readonly string[],
  ): ReturnType<typeof requirePluginCaller>;
  /**
   * Runs `action` as an audit event: success with `after(result)` as meta, or fail
   * with the error (rethrown).
   */
  audited<T>(
    req: Request,
    event: AuditedEvent,
    action: () => Promise<T>,
    after?: (result: T) => JsonObject,
  ): Promise<T>;
}

function isRequest(from: Request | BackstageCredentials): from is Request {
  return (
    typeof (from as Request).headers === 'object' &&
    !('principal' in (from as object))
  );
}

/** Builds the route kit from a plugin's core services. */
export function createRouteKit(services: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  userInfo?: UserInfoService;
  auditor?: AuditorService;
}): RouteKit {
  const { httpAuth, permissions, userInfo, auditor } = services;

  const userCredentials = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user'] });

  const isAllowed = async (
    credentials: BackstageCredentials,
    check: PermissionCheck,
  ) => {
    const request =
      'resourceRef' in check
        ? { permission: check.permission, resourceRef: check.resourceRef }
        : { permission: check };
    const [decision] = await permissions.authorize([request], {
      credentials,
    });
    return decision.result === AuthorizeResult.ALLOW;
  };

  const requirePermission = async (
    from: Request | BackstageCredentials,
    check: PermissionCheck,
    refusal: string,
  ) => {
    const credentials = isRequest(from) ? await userCredentials(from) : from;
    if (!(await isAllowed(credentials, check))) {
      throw new NotAllowedError(refusal);
    }
    return credentials;
  };

  return {
    userCredentials,
    isAllowed,
    requirePermission,
    async caller(req, check, refusal) {
      if (!userInfo) {
        throw new Error('createRouteKit: caller() needs the userInfo service');
      }
      const credentials = await userCredentials(req);
      await requirePermission(credentials, check, refusal);
      const info = await userInfo.getUserInfo(credentials);
      return {
        credentials,
        userEntityRef: info.userEntityRef,
        ownershipEntityRefs: info.ownershipEntityRefs,
        groups: info.ownershipEntityRefs
          .filter(r => r.toLocaleLowerCase('en-US').startsWith('group:'))
          .map(r => r.toLocaleLowerCase('en-US')),
      };
    },
    requirePluginCaller: (req, pluginIds) =>
      requirePluginCaller(httpAuth, req, pluginIds),
    async audited(req, event, action, after) {
      if (!auditor) {
        throw new Error('createRouteKit: audited() needs the auditor service');
      }
      const recorded = await auditor.createEvent({
        eventId: event.eventId,
        severityLevel: event.severityLevel ?? 'medium',
        request: req,
        meta: event.meta ?? {},
      });
      try {
        const result = await action();
        await recorded.success({
          meta: { ...(event.meta ?? {}), ...(after ? after(result) : {}) },
        });
        return result;
      } catch (error) {
        await recorded.fail({ error: error as Error });
        throw error;
      }
    },
  };
}
