import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi, useApiHolder } from '@backstage/frontend-plugin-api';
import {
  Link,
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  RELATION_MEMBER_OF,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import {
  resolveRole,
  type AtriumRole,
  type RoleAssignment,
} from '@internal/plugin-roles-common';
import { workspacesApiRef } from '@internal/plugin-workspaces-react';
import { tableOptions } from '@internal/frontend-kit';

type Person = {
  ref: string;
  name: string;
  displayName: string;
  groups: string[];
  role: AtriumRole;
  roleFrom: string;
  runningWorkspaces: number;
};

const refOf = (entity: Entity) =>
  stringifyEntityRef(entity).toLocaleLowerCase('en-US');

/**
 * Who is who: every catalog user with their groups, the role those give them, and the
 * workspaces they have running (from the workspaces API, when it is installed).
 */
export function PeopleTable(props: { assignments: RoleAssignment[] }) {
  const catalogApi = useApi(catalogApiRef);
  // Optional: without the workspaces plugin the column shows 0.
  const workspacesApi = useApiHolder().get(workspacesApiRef);

  const { value, loading, error } = useAsyncRetry(async (): Promise<
    Person[]
  > => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'User' },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'spec.profile',
        'relations',
      ],
    });
    // Running workspaces per owner, when the workspaces plugin is installed.
    const running = new Map<string, number>();
    try {
      const workspaces =
        (await workspacesApi?.listWorkspaces({
          scope: 'all',
        })) ?? [];
      for (const w of workspaces) {
        if (w.status === 'running' || w.status === 'starting') {
          const owner = w.owner.toLocaleLowerCase('en-US');
          running.set(owner, (running.get(owner) ?? 0) + 1);
        }
      }
    } catch {
      // The workspaces backend did not answer: the column shows 0.
    }
    return items.map(user => {
      const ref = refOf(user);
      const groups = (user.relations ?? [])
        .filter(r => r.type === RELATION_MEMBER_OF)
        .map(r => r.targetRef.toLocaleLowerCase('en-US'));
      const role = resolveRole([ref, ...groups], props.assignments);
      const from = props.assignments.find(
        a => a.role === role && [ref, ...groups].includes(a.subjectRef),
      );
      const profile = (user.spec?.profile ?? {}) as { displayName?: string };
      return {
        ref,
        name: user.metadata.name,
        displayName: profile.displayName ?? user.metadata.name,
        groups,
        role,
        roleFrom: from ? from.subjectRef : 'everyone else',
        runningWorkspaces: running.get(ref) ?? 0,
      };
    });
  }, [catalogApi, workspacesApi, props.assignments]);

  const columns: TableColumn<Person>[] = [
    {
      title: 'Person',
      field: 'displayName',
      highlight: true,
      render: p => (
        <Link to={`/catalog/default/user/${p.name}`}>{p.displayName}</Link>
      ),
    },
    {
      title: 'Groups',
      field: 'groups',
      render: p => p.groups.map(g => g.split('/')[1]).join(', '),
    },
    { title: 'Role', field: 'role' },
    { title: 'Role through', field: 'roleFrom' },
    {
      title: 'Running workspaces',
      field: 'runningWorkspaces',
      type: 'numeric',
    },
  ];

  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <Table<Person>
      title="People"
      subtitle="Every catalog user, the role their groups give them, and what they run"
      isLoading={loading}
      columns={columns}
      data={value ?? []}
      options={tableOptions({
        paging: true,
        pageSize: 20,
        search: true,
        sorting: true,
        filtering: true,
      })}
    />
  );
}
