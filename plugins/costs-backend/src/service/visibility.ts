import { NotAllowedError } from '@backstage/errors';
import type { UsageFilter } from '../database/CostsStore';
import { shortName, type EntityDirectory } from './EntityDirectory';

/** Who is asking for costs: their refs in lower case, and whether they see everyone's. */
export interface CostsViewer {
  userEntityRef: string;
  groups: string[];
  /** Holds costs.read.all: sees every user's, group's and project's costs. */
  admin: boolean;
}

/** The subjects whose budgets and quotas a viewer sees (undefined: all of them). */
export function visibleSubjects(viewer: CostsViewer): string[] | undefined {
  return viewer.admin ? undefined : [viewer.userEntityRef, ...viewer.groups];
}

/**
 * Whose figures a viewer may see: an admin everyone's; anyone else their own, their
 * groups', and their groups' projects. Without a filter a non-admin gets their own.
 * Refuses (403) a filter beyond that, saying whom to ask.
 */
export async function visibleFilter(
  viewer: CostsViewer,
  filter: UsageFilter,
  directory: EntityDirectory,
): Promise<UsageFilter> {
  if (viewer.admin) return filter;
  const refuse = (what: string) =>
    new NotAllowedError(
      `You can see your own costs and your groups' costs; ask an admin for ${what}`,
    );
  if (filter.user && filter.user !== viewer.userEntityRef) {
    throw refuse(`${shortName(filter.user)}'s costs`);
  }
  if (filter.user) return filter;
  if (filter.group) {
    if (!viewer.groups.includes(filter.group))
      throw refuse(`${shortName(filter.group)}'s costs`);
    return filter;
  }
  if (filter.project) {
    const owner = await directory
      .ownerOf(filter.project)
      .catch(() => undefined);
    if (!owner || ![viewer.userEntityRef, ...viewer.groups].includes(owner)) {
      throw refuse(`the costs of ${shortName(filter.project)}`);
    }
    return filter;
  }
  return { ...filter, user: viewer.userEntityRef };
}
