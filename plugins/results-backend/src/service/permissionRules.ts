import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  RESULTS_RESULT_RESOURCE_TYPE,
  RESULTS_RULES,
  type Result,
} from '@internal/plugin-results-common';
import type { ResultsQuery } from '../database/ResultsStore';
import { resultMatches } from '../database/resultsFilter';

/** The results plugin's resource type, as the permission framework knows it. */
export const resultResourceRef = createPermissionResourceRef<Result, ResultsQuery>().with({
  pluginId: 'results',
  resourceType: RESULTS_RESULT_RESOURCE_TYPE,
});

/**
 * Both rules take `{ claims }`: the caller's user entity ref and ownership (group)
 * refs, as Atrium's policy passes them. No params schema: permission-node 0.11 wants a
 * Standard JSON Schema (zod 4) or its own zod 3 copy, neither of which this repo's zod
 * 3 instance type-checks as; a malformed `claims` matches nothing (see resultMatches).
 */
type ClaimsParams = { claims: string[] };

/** Visible to one of the claims: authored, everyone's, their team's, or shared with them. */
export const isResultVisible = createPermissionRule<
  typeof resultResourceRef,
  ClaimsParams
>({
  name: RESULTS_RULES.isVisible,
  description:
    'Allow results visible to the caller: their own, shared with everyone signed in, with their team, or with them or a group of theirs',
  resourceRef: resultResourceRef,
  apply: (result, { claims }) => resultMatches(result, { kind: 'visible', claims }),
  toQuery: ({ claims }) => ({ kind: 'visible', claims }),
});

/** Authored by one of the claims. */
export const isResultAuthor = createPermissionRule<
  typeof resultResourceRef,
  ClaimsParams
>({
  name: RESULTS_RULES.isAuthor,
  description: 'Allow results the caller published',
  resourceRef: resultResourceRef,
  apply: (result, { claims }) => resultMatches(result, { kind: 'author', claims }),
  toQuery: ({ claims }) => ({ kind: 'author', claims }),
});

export const resultsRules = [isResultVisible, isResultAuthor];

/** Condition factories for policies (Atrium's and adopters'). */
export const { conditions: resultConditions, createConditionalDecision: createResultConditionalDecision } =
  createConditionExports({
    resourceRef: resultResourceRef,
    rules: { isResultVisible, isResultAuthor },
  });
