/*
 * conda-store's authorization as `server/auth.py` does it: a token's role bindings
 * (`{"<namespace>/<environment>": [roles]}`, `*` matching anything) give permissions
 * per role (`RBACAuthorizationBackend.role_mappings`); a request without a valid token
 * gets the unauthenticated bindings (`default/*: viewer`), so lists answer 200 with
 * what those may see and a namespace or environment answers 403 "request not
 * authorized", never 401.
 */
import type { CondaStoreRole, CondaStoreToken } from './types';

export type Permission =
  | 'environment:create'
  | 'environment::read'
  | 'environment::update'
  | 'environment::delete'
  | 'build::cancel'
  | 'build::delete'
  | 'namespace::create'
  | 'namespace::read';

// `RBACAuthorizationBackend._viewer/_editor/_admin_permissions` (role-mapping and
// setting permissions left out: the test server has no such routes).
const VIEWER: Permission[] = ['environment::read', 'namespace::read'];
const EDITOR: Permission[] = [
  ...VIEWER,
  'build::cancel',
  'environment:create',
  'environment::update',
];
const ROLE_PERMISSIONS: Record<CondaStoreRole, Permission[]> = {
  viewer: VIEWER,
  editor: EDITOR,
  admin: [
    ...EDITOR,
    'build::delete',
    'environment::delete',
    'namespace::create',
  ],
};

export const UNAUTHENTICATED: Record<string, CondaStoreRole[]> = {
  'default/*': ['viewer'],
};

const compiled = new Map<string, RegExp>();

function arnMatches(pattern: string, arn: string): boolean {
  let regex = compiled.get(pattern);
  if (!regex) {
    regex = new RegExp(
      `^${pattern
        .split('*')
        .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    compiled.set(pattern, regex);
  }
  return regex.test(arn);
}

export class Authorization {
  constructor(private readonly tokens: Record<string, CondaStoreToken>) {}

  /** The token of a request (Bearer header or the `conda-store-auth` cookie), if valid. */
  entity(headers: {
    authorization?: string;
    cookie?: string;
  }): CondaStoreToken | undefined {
    const cookie = /(?:^|;\s*)conda-store-auth=([^;]+)/.exec(
      headers.cookie ?? '',
    )?.[1];
    if (cookie) return this.tokens[cookie];
    const [scheme, value] = (headers.authorization ?? '').split(' ', 2);
    if (scheme?.toLowerCase() === 'bearer' && value) return this.tokens[value];
    return undefined;
  }

  bindings(
    entity: CondaStoreToken | undefined,
  ): Record<string, CondaStoreRole[]> {
    return entity ? entity.role_bindings : UNAUTHENTICATED;
  }

  allows(
    entity: CondaStoreToken | undefined,
    arn: string,
    permission: Permission,
  ): boolean {
    return Object.entries(this.bindings(entity)).some(
      ([pattern, roles]) =>
        arnMatches(pattern, arn) &&
        roles.some(role => ROLE_PERMISSIONS[role]?.includes(permission)),
    );
  }

  /** `get_entity_binding_permissions`: permissions per binding, sorted. */
  permissionsOf(entity: CondaStoreToken | undefined): Record<string, string[]> {
    return Object.fromEntries(
      Object.entries(this.bindings(entity)).map(([arn, roles]) => [
        arn,
        [
          ...new Set(roles.flatMap(role => ROLE_PERMISSIONS[role] ?? [])),
        ].sort(),
      ]),
    );
  }
}
