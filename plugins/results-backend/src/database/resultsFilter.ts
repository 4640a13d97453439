import type { Knex } from 'knex';
import type { ResultsFilter, ResultsQuery } from './ResultsStore';

/** Claims as the policy sent them; anything but a list of strings claims nothing. */
const lower = (refs: unknown): string[] =>
  Array.isArray(refs)
    ? refs
        .filter((r): r is string => typeof r === 'string')
        .map(r => r.toLocaleLowerCase('en-US'))
    : [];

/** One rule as a WHERE group on `results`. */
function applyQuery(knex: Knex, qb: Knex.QueryBuilder, q: ResultsQuery) {
  const claims = lower(q.claims);
  if (q.kind === 'author') {
    qb.whereIn('results.author_ref', claims);
    return;
  }
  // Visible: one's own, everyone's, one's team's, or shared with one or a group of one.
  qb.where(w =>
    w
      .whereIn('results.author_ref', claims)
      .orWhere('results.visibility', 'everyone')
      .orWhere(t =>
        t.where('results.visibility', 'team').whereIn('results.owner_team_ref', claims),
      )
      .orWhere(n =>
        n.where('results.visibility', 'named').whereExists(
          knex('result_grants')
            .select(knex.raw('1'))
            .whereRaw('result_grants.result_id = results.id')
            .whereIn('result_grants.subject_ref', claims),
        ),
      ),
  );
}

/**
 * Turns the permission conditions (allOf / anyOf / not of the rules' queries) into SQL
 * on `results`: the database filters the list, never JavaScript after the fact.
 */
export function applyResultsFilter(
  knex: Knex,
  qb: Knex.QueryBuilder,
  filter: ResultsFilter,
): void {
  if ('allOf' in filter) {
    qb.where(w => {
      for (const f of filter.allOf) w.andWhere(x => applyResultsFilter(knex, x, f));
    });
  } else if ('anyOf' in filter) {
    qb.where(w => {
      if (filter.anyOf.length === 0) w.whereRaw('1 = 0');
      for (const f of filter.anyOf) w.orWhere(x => applyResultsFilter(knex, x, f));
    });
  } else if ('not' in filter) {
    qb.whereNot(w => applyResultsFilter(knex, w, filter.not));
  } else {
    applyQuery(knex, qb, filter);
  }
}

/** The same rule on one loaded result (the permission rule's `apply`). */
export function resultMatches(
  result: { authorRef: string; visibility: string; ownerTeamRef: string | null; sharedWith: string[] },
  q: ResultsQuery,
): boolean {
  const claims = new Set(lower(q.claims));
  const author = claims.has(result.authorRef.toLocaleLowerCase('en-US'));
  if (q.kind === 'author') return author;
  return (
    author ||
    result.visibility === 'everyone' ||
    (result.visibility === 'team' &&
      !!result.ownerTeamRef &&
      claims.has(result.ownerTeamRef.toLocaleLowerCase('en-US'))) ||
    (result.visibility === 'named' &&
      result.sharedWith.some(s => claims.has(s.toLocaleLowerCase('en-US'))))
  );
}
