import type { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ASSIGNABLE_ROLES,
  type AssignableRole,
} from '@internal/plugin-roles-common';

/**
 * Reads `atrium.roles` from config. Refs are normalised (`platform-admins` alone means
 * `group:default/platform-admins`); a malformed ref stops the backend at start with the
 * config key that holds it, rather than silently granting nothing.
 */
export function readConfigAssignments(
  config: Config,
): { subjectRef: string; role: AssignableRole }[] {
  const result: { subjectRef: string; role: AssignableRole }[] = [];
  for (const role of ASSIGNABLE_ROLES) {
    const refs = config.getOptionalStringArray(`atrium.roles.${role}`) ?? [];
    refs.forEach((ref, index) => {
      let parsed;
      try {
        parsed = parseEntityRef(ref, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        });
      } catch (error) {
        throw new Error(
          `Invalid entity ref at atrium.roles.${role}[${index}]: ${error}`,
        );
      }
      const kind = parsed.kind.toLocaleLowerCase('en-US');
      if (kind !== 'group' && kind !== 'user') {
        throw new Error(
          `atrium.roles.${role}[${index}] is '${ref}': roles are given to users and groups only`,
        );
      }
      result.push({
        subjectRef: stringifyEntityRef(parsed).toLocaleLowerCase('en-US'),
        role,
      });
    });
  }
  return result;
}
