import type { ResourceType } from './resources';

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'Expired'
  | 'Gone'
  | 'MethodNotAllowed'
  | 'UnsupportedMediaType'
  | 'RequestEntityTooLarge'
  | 'ServiceUnavailable'
  | 'InternalError';

/** A `meta/v1 Status` object, the body of every API error. */
export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: StatusReason | '';
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: Array<{ reason: string; message: string; field: string }>;
  };
  code: number;
}

/** An error the server answers with a Status object and its code. */
export class KubeApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: KubeStatus['details'],
  ) {
    super(message);
  }

  toStatus(): KubeStatus {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** `pods` or `deployments.apps`: how the API server names a resource in messages. */
export function qualifiedResource(type: ResourceType): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

function resourceDetails(type: ResourceType, name: string) {
  return {
    name,
    ...(type.group ? { group: type.group } : {}),
    kind: type.plural,
  };
}

export const errors = {
  notFound: (type: ResourceType, name: string) =>
    new KubeApiError(
      404,
      'NotFound',
      `${qualifiedResource(type)} "${name}" not found`,
      resourceDetails(type, name),
    ),
  alreadyExists: (type: ResourceType, name: string) =>
    new KubeApiError(
      409,
      'AlreadyExists',
      `${qualifiedResource(type)} "${name}" already exists`,
      resourceDetails(type, name),
    ),
  conflict: (type: ResourceType, name: string) =>
    new KubeApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(
        type,
      )} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      resourceDetails(type, name),
    ),
  invalid: (
    type: ResourceType,
    name: string,
    field: string,
    causeReason: string,
    message: string,
  ) =>
    new KubeApiError(
      422,
      'Invalid',
      `${type.kind} "${name}" is invalid: ${field}: ${message}`,
      {
        name,
        ...(type.group ? { group: type.group } : {}),
        kind: type.kind,
        causes: [{ reason: causeReason, message, field }],
      },
    ),
  badRequest: (message: string) => new KubeApiError(400, 'BadRequest', message),
  unknownPath: () =>
    new KubeApiError(
      404,
      'NotFound',
      'the server could not find the requested resource',
      {},
    ),
  methodNotAllowed: (method: string) =>
    new KubeApiError(
      405,
      'MethodNotAllowed',
      `the server does not allow this method on the requested resource (${method})`,
      {},
    ),
  unauthorized: () => new KubeApiError(401, 'Unauthorized', 'Unauthorized'),
  /** What RBAC answers a token that may not `verb` a resource (here: at the cluster scope). */
  forbidden: (type: ResourceType, verb: string, user: string, namespace?: string) =>
    new KubeApiError(
      403,
      'Forbidden',
      `${qualifiedResource(type)} is forbidden: User "${user}" cannot ${verb} resource "${type.plural}" in API group "${type.group}" ${
        namespace ? `in the namespace "${namespace}"` : 'at the cluster scope'
      }`,
      { ...(type.group ? { group: type.group } : {}), kind: type.plural },
    ),
  tooOldResourceVersion: (requested: number, oldest: number) =>
    new KubeApiError(
      410,
      'Expired',
      `too old resource version: ${requested} (${oldest})`,
    ),
  continueExpired: () =>
    new KubeApiError(
      410,
      'Expired',
      'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
    ),
  unavailable: () =>
    new KubeApiError(
      503,
      'ServiceUnavailable',
      'the server is currently unable to handle the request',
    ),
};
