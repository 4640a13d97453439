import { entityRefField, numberField, textField } from '@internal/backend-route-kit';
import {
  RESULT_SORT_FIELDS,
  RESULT_VISIBILITIES,
  RESULTS_LIST_MAX_LIMIT,
  RESULTS_TEXT_FILTER_MAX,
  REVIEW_STATES,
  type ResultVisibility,
  type ReviewState,
} from '@internal/plugin-results-common';
import { z } from 'zod';
import type { ListResultsOptions } from '../database/ResultsStore';

/** A comma-separated list of known values (`visibility=team,named`); each other value named. */
function listOf<T extends string>(known: readonly T[]) {
  return z
    .string()
    .max(200, 'must be at most 200 characters')
    .transform((value, ctx) => {
      const list = value.split(',').map(v => v.trim()).filter(Boolean);
      const unknown = list.filter(v => !known.includes(v as T));
      if (unknown.length) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `${unknown.join(', ')} is not one of ${known.join(', ')}`,
        });
      }
      return list as T[];
    });
}

const textFilter = textField(RESULTS_TEXT_FILTER_MAX);

/** The query of `GET /results`: who may see what is the permission's; these narrow and order it. */
export const listQuery = z
  .object({
    project: entityRefField(['component']).optional(),
    author: entityRefField(['user']).optional(),
    team: entityRefField(['group']).optional(),
    limit: numberField({ min: 1, max: RESULTS_LIST_MAX_LIMIT, integer: true, coerce: true }).default(50),
    offset: numberField({ min: 0, max: 1_000_000, integer: true, coerce: true }).default(0),
    sort: z
      .enum(RESULT_SORT_FIELDS, {
        errorMap: () => ({ message: `one of ${RESULT_SORT_FIELDS.join(', ')}` }),
      })
      .default('updatedAt'),
    order: z
      .enum(['asc', 'desc'], { errorMap: () => ({ message: 'asc or desc' }) })
      .default('desc'),
    q: textFilter.optional(),
    titleContains: textFilter.optional(),
    authorContains: textFilter.optional(),
    projectContains: textFilter.optional(),
    visibility: listOf<ResultVisibility>(RESULT_VISIBILITIES).optional(),
    reviewState: listOf<ReviewState>(REVIEW_STATES).optional(),
  })
  .strict();

export type ListQuery = z.infer<typeof listQuery>;

/** The store's options of a parsed query (empty texts and lists filter nothing). */
export function listOptions(query: ListQuery): Omit<ListResultsOptions, 'filter'> {
  const { q, ...rest } = query;
  return { ...rest, search: q || undefined };
}
