import {
  entityRefField,
  nameField,
  numberField,
  textField,
} from '@internal/backend-route-kit';
import type { WorkspaceStatus } from '@internal/plugin-workspaces-common';
import { z } from 'zod';
import {
  WORKSPACE_SORT_FIELDS,
  type WorkspacePageQuery,
} from '../database/workspacePage';

const STATUSES: readonly WorkspaceStatus[] = [
  'running',
  'starting',
  'stopping',
  'stopped',
  'failed',
];

/** The most rows one page may ask for: the table offers 20 and 50; bench uses 50. */
export const MAX_PAGE_SIZE = 200;

/**
 * The query of `GET /workspaces`. Without `limit` it answers the whole list as before
 * (home widgets and entity tabs list one person's or one project's few workspaces);
 * with `limit` it answers one page, filtered and sorted in SQL, with the total.
 */
export const listQuery = z
  .object({
    scope: z.enum(['mine', 'all']).default('mine'),
    project: entityRefField(['component']).optional(),
    owner: entityRefField(['user']).optional(),
    limit: numberField({
      min: 1,
      max: MAX_PAGE_SIZE,
      integer: true,
      coerce: true,
    }).optional(),
    offset: numberField({
      min: 0,
      max: 1_000_000,
      integer: true,
      coerce: true,
    }).default(0),
    sort: z
      .enum(WORKSPACE_SORT_FIELDS, {
        errorMap: () => ({
          message: `one of ${WORKSPACE_SORT_FIELDS.join(', ')}`,
        }),
      })
      .default('owner'),
    order: z
      .enum(['asc', 'desc'], {
        errorMap: () => ({ message: 'asc or desc' }),
      })
      .default('asc'),
    // Comma-separated: status=running,starting
    status: z
      .string()
      .max(100)
      .transform((v, ctx) => {
        const list = v.split(',').filter(Boolean);
        const bad = list.filter(s => !STATUSES.includes(s as WorkspaceStatus));
        if (bad.length) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: `${bad.join(', ')} is not one of ${STATUSES.join(
              ', ',
            )}`,
          });
        }
        return list as WorkspaceStatus[];
      })
      .optional(),
    profile: nameField(255).optional(),
    q: textField(100).optional(),
    nameContains: textField(100).optional(),
    ownerContains: textField(100).optional(),
    profileContains: textField(100).optional(),
    projectContains: textField(100).optional(),
  })
  .strict();

export type ListQuery = z.infer<typeof listQuery>;

/** The store's page query of a parsed list query, for `owner` (undefined: everyone's). */
export function pageQuery(
  query: ListQuery & { limit: number },
  owner: string | undefined,
): WorkspacePageQuery {
  return {
    owner,
    // Entity refs are compared in lower case, as the catalog does.
    project: query.project?.toLocaleLowerCase('en-US'),
    statuses: query.status?.length ? query.status : undefined,
    profile: query.profile,
    search: query.q || undefined,
    contains: {
      name: query.nameContains,
      owner: query.ownerContains,
      profile: query.profileContains,
      project: query.projectContains,
    },
    sort: query.sort,
    order: query.order,
    offset: query.offset,
    limit: query.limit,
  };
}
