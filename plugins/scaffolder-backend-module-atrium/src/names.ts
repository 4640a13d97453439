import {
  parseEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * A project name: also its repository, catalog entity and workspace name, so it must
 * suit all three (and never walk out of a folder).
 */
export const PROJECT_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/;
export const PROJECT_NAME_RULE =
  '3 to 40 lower-case letters, digits and dashes, starting and ending with a letter or digit';

/** A path segment taken from a catalog name (team names such as `team-vision`). */
const SEGMENT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/**
 * Says what is wrong with a value used as a file or folder name, or nothing. Checked
 * before the format so that a path gets the message about paths.
 */
function pathProblem(value: string): string | undefined {
  if (value.includes('..')) return 'must not contain ".."';
  if (value.includes('/') || value.includes('\\'))
    return 'must not contain "/" or "\\"';
  if (value.includes('\0')) return 'must not contain NUL characters';
  return undefined;
}

/** Checks a project name; throws an InputError that says how to fix it. */
export function assertProjectName(name: unknown, field = 'name'): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new InputError(`${field} is required: ${PROJECT_NAME_RULE}`);
  }
  const problem = pathProblem(name);
  if (problem) {
    throw new InputError(`${field} '${name}' ${problem}: ${PROJECT_NAME_RULE}`);
  }
  if (!PROJECT_NAME_PATTERN.test(name)) {
    throw new InputError(
      `${field} '${name}' is not a valid project name: ${PROJECT_NAME_RULE}`,
    );
  }
  return name;
}

/**
 * Parses the owner of a project: a Group entity ref (`group:default/team-vision`) or a
 * bare group name, whose name becomes a folder.
 */
export function parseOwnerGroupRef(owner: unknown): CompoundEntityRef {
  if (typeof owner !== 'string' || owner.trim() === '') {
    throw new InputError(
      'owner is required: choose the team that owns the project (a Group, e.g. group:default/team-vision)',
    );
  }
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(owner, { defaultKind: 'group' });
  } catch {
    throw new InputError(
      `owner '${owner}' is not an entity ref: use a Group such as group:default/team-vision`,
    );
  }
  if (ref.kind.toLocaleLowerCase('en-US') !== 'group') {
    throw new InputError(
      `owner '${owner}' is a ${ref.kind}: projects are owned by a team (a Group)`,
    );
  }
  for (const [part, value] of [
    ['namespace', ref.namespace],
    ['name', ref.name],
  ] as const) {
    const problem = pathProblem(value);
    if (problem || !SEGMENT_PATTERN.test(value)) {
      throw new InputError(
        `owner ${part} '${value}' ${
          problem ?? 'is not a valid catalog name'
        }: choose a team from the list`,
      );
    }
  }
  return {
    kind: 'group',
    namespace: ref.namespace.toLocaleLowerCase('en-US'),
    name: ref.name.toLocaleLowerCase('en-US'),
  };
}
