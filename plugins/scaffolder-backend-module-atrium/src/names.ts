import {
  parseEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { pathProblem } from '@internal/local-git';

/** A path segment taken from a catalog name (team names such as `team-vision`). */
const SEGMENT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

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
