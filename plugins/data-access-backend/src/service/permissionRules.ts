import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  DATA_ACCESS_RULES,
  DATA_ACCESS_SOURCE_RESOURCE_TYPE,
  type DataSource,
} from '@internal/plugin-data-access-common';

/** What the owner rule filters on, outside a database: the caller's claims. */
export type DataSourceQuery = { claims: string[] };

/** The data-access plugin's resource type, as the permission framework knows it. */
export const dataSourceResourceRef = createPermissionResourceRef<
  DataSource,
  DataSourceQuery
>().with({
  pluginId: 'data-access',
  resourceType: DATA_ACCESS_SOURCE_RESOURCE_TYPE,
});

/** Whether one of the claims (the caller, their groups) owns the source. */
export function ownedBy(source: DataSource, claims: unknown): boolean {
  return (
    Array.isArray(claims) &&
    claims.some(c => typeof c === 'string' && c.toLocaleLowerCase('en-US') === source.owner)
  );
}

/**
 * `{ claims }`: the caller's user ref and ownership (group) refs, as Atrium's policy
 * passes them. No params schema, for the reason results' rules give: a malformed
 * `claims` matches nothing.
 */
export const isDataSourceOwner = createPermissionRule<
  typeof dataSourceResourceRef,
  DataSourceQuery
>({
  name: DATA_ACCESS_RULES.isOwner,
  description: "Allow data sources whose owner (spec.owner) is the caller or one of the caller's groups",
  resourceRef: dataSourceResourceRef,
  apply: (source, { claims }) => ownedBy(source, claims),
  toQuery: ({ claims }) => ({ claims }),
});

export const dataAccessRules = [isDataSourceOwner];

/** Condition factories for policies (Atrium's and adopters'). */
export const {
  conditions: dataSourceConditions,
  createConditionalDecision: createDataSourceConditionalDecision,
} = createConditionExports({
  resourceRef: dataSourceResourceRef,
  rules: { isDataSourceOwner },
});
