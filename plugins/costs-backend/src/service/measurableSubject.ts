import { InputError } from '@backstage/errors';
import type { EntityDirectory } from './EntityDirectory';
import { shortName } from './EntityDirectory';

/** Refuses a budget or quota for a user or group the catalog does not have. */
export async function subjectMustExist(
  directory: EntityDirectory,
  ref: string,
): Promise<void> {
  if (!(await directory.exists(ref))) {
    throw new InputError(
      `There is no ${ref.split(':')[0]} ${ref} in the catalog: check the name`,
    );
  }
}

/**
 * Refuses a budget or quota on a group with sub-groups. Spend and reservations are
 * recorded under their owner's direct groups only, so a parent group (research, over
 * team-vision and team-genomics) would stay at $0 and never be enforced.
 */
export async function subjectMustBeMeasurable(
  directory: EntityDirectory,
  ref: string,
  kind: 'budget' | 'quota',
): Promise<void> {
  if (!ref.startsWith('group:')) return;
  const children = await directory.subGroups(ref);
  if (children.length === 0) return;
  throw new InputError(
    `${ref} has sub-groups (${children
      .map(shortName)
      .join(
        ', ',
      )}): costs count each person under the groups they are directly in, so a ${kind} on ${shortName(
      ref,
    )} would see none of their usage. Set a ${kind} on each sub-group instead`,
  );
}
