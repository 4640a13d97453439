import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Content,
  ContentHeader,
  Link,
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import type { RoleAssignment } from '@internal/plugin-roles-common';
import { rolesApiRef } from '../api';
import { RequireRole } from './RequireRole';

/** `group:default/platform-admins` -> the entity's catalog page. */
function catalogPath(ref: string): string {
  const [kind, rest] = ref.split(':', 2);
  const [namespace, name] = rest.split('/', 2);
  return `/catalog/${namespace}/${kind}/${name}`;
}

const columns: TableColumn<RoleAssignment>[] = [
  {
    title: 'User or group',
    field: 'subjectRef',
    highlight: true,
    render: row => (
      <Link to={catalogPath(row.subjectRef)}>{row.subjectRef}</Link>
    ),
  },
  { title: 'Role', field: 'role' },
  {
    title: 'Source',
    field: 'source',
    render: row =>
      row.source === 'config' ? 'app-config (atrium.roles)' : row.source,
  },
];

function RoleAssignmentsTable() {
  const rolesApi = useApi(rolesApiRef);
  const { value, loading, error } = useAsync(
    () => rolesApi.listAssignments(),
    [rolesApi],
  );
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <Table<RoleAssignment>
      title="Role assignments"
      subtitle="Every signed-in user not covered here is a data scientist"
      isLoading={loading}
      columns={columns}
      data={value ?? []}
      options={{ paging: false, search: true, sorting: true, filtering: true }}
    />
  );
}

/** The admin page listing who holds the admin and devops roles. */
export function RoleAssignmentsPage() {
  return (
    <Content>
      <ContentHeader
        title="Roles"
        description="Who may administer Atrium and who operates the platform"
      />
      <RequireRole roles={['admin']}>
        <RoleAssignmentsTable />
      </RequireRole>
    </Content>
  );
}
