import { createPermission } from '@backstage/plugin-permission-common';

/** The resource type of a result, for resource permissions and their rules. @public */
export const RESULTS_RESULT_RESOURCE_TYPE = 'results-result';

/**
 * Publish a notebook from one's own workspace (a new result or a new version of one's
 * own result). @public
 */
export const resultsCreatePermission = createPermission({
  name: 'atrium.results.create',
  attributes: { action: 'create' },
});

/**
 * See a result, its versions, diffs and comments; comment on it. Resource permission:
 * the policy answers CONDITIONAL with the results plugin's IS_VISIBLE rule, which the
 * backend applies to one result and turns into a SQL filter for lists. @public
 */
export const resultsReadPermission = createPermission({
  name: 'atrium.results.read',
  attributes: { action: 'read' },
  resourceType: RESULTS_RESULT_RESOURCE_TYPE,
});

/**
 * Change a result: its visibility and shares, ask for a review, publish a new version
 * of it. The author only (rule IS_AUTHOR). @public
 */
export const resultsUpdatePermission = createPermission({
  name: 'atrium.results.update',
  attributes: { action: 'update' },
  resourceType: RESULTS_RESULT_RESOURCE_TYPE,
});

/** Delete a result with every version (its git history stays). @public */
export const resultsDeletePermission = createPermission({
  name: 'atrium.results.delete',
  attributes: { action: 'delete' },
  resourceType: RESULTS_RESULT_RESOURCE_TYPE,
});

/** @public */
export const resultsPermissions = [
  resultsCreatePermission,
  resultsReadPermission,
  resultsUpdatePermission,
  resultsDeletePermission,
];

/** The rules the results backend registers for its resource type. @public */
export const RESULTS_RULES = {
  /** params `{ claims }`: the caller's user ref and ownership refs (groups). */
  isVisible: 'IS_RESULT_VISIBLE',
  /** params `{ claims }`: the author is one of these refs. */
  isAuthor: 'IS_RESULT_AUTHOR',
} as const;
