import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Content,
  ContentHeader,
  Link,
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import {
  Box,
  Button,
  IconButton,
  MenuItem,
  TextField,
  Tooltip,
  Typography,
} from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import { Alert } from '@material-ui/lab';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  ASSIGNABLE_ROLES,
  roleAssignmentsManagePermission,
  roleAssignmentsReadPermission,
  type AssignableRole,
  type RoleAssignment,
} from '@internal/plugin-roles-common';
import { PermissionGate, rolesApiRef } from '@internal/plugin-roles-react';
import { PeopleTable } from './PeopleTable';
import { tableOptions } from '@internal/frontend-kit';

/** `group:default/platform-admins` -> the entity's catalog page. */
function catalogPath(ref: string): string {
  const [kind, rest] = ref.split(':', 2);
  const [namespace, name] = rest.split('/', 2);
  return `/catalog/${namespace}/${kind}/${name}`;
}

/** `platform-admins` alone means a group, as in app-config's atrium.roles. */
function normaliseRef(input: string): string {
  const trimmed = input.trim().toLocaleLowerCase('en-US');
  const withKind = trimmed.includes(':') ? trimmed : `group:${trimmed}`;
  const [kind, rest] = withKind.split(':', 2);
  return rest.includes('/') ? withKind : `${kind}:default/${rest}`;
}

const SUBJECT_PATTERN = /^(user|group):[^/\s]+\/[^/\s]+$/;

function AddAssignmentForm(props: { onAdded: () => void }) {
  const rolesApi = useApi(rolesApiRef);
  const [subject, setSubject] = useState('');
  const [role, setRole] = useState<AssignableRole>('devops');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const ref = subject ? normaliseRef(subject) : '';
  const valid = SUBJECT_PATTERN.test(ref);
  let helperText = 'A bare name means a group';
  if (subject && !valid) {
    helperText =
      'Use a user or group entity ref, like group:default/team-vision';
  } else if (subject) {
    helperText = `Will give ${ref} the ${role} role`;
  }

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await rolesApi.addAssignment({ subjectRef: ref, role });
      setSubject('');
      props.onAdded();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box mb={2}>
      <Box display="flex" alignItems="flex-start" style={{ gap: 16 }}>
        <TextField
          label="User or group"
          placeholder="group:default/team-vision or user:default/ada"
          value={subject}
          onChange={e => setSubject(e.target.value)}
          error={Boolean(subject) && !valid}
          helperText={helperText}
          variant="outlined"
          size="small"
          style={{ minWidth: 360 }}
        />
        <TextField
          select
          label="Role"
          value={role}
          onChange={e => setRole(e.target.value as AssignableRole)}
          variant="outlined"
          size="small"
          style={{ minWidth: 140 }}
        >
          {ASSIGNABLE_ROLES.map(r => (
            <MenuItem key={r} value={r}>
              {r}
            </MenuItem>
          ))}
        </TextField>
        <Button
          variant="contained"
          color="primary"
          disabled={!valid || busy}
          onClick={submit}
        >
          Give role
        </Button>
      </Box>
      {error && (
        <Box mt={1}>
          <Alert severity="error">{error}</Alert>
        </Box>
      )}
    </Box>
  );
}

function RoleAssignmentsTable() {
  const rolesApi = useApi(rolesApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => rolesApi.listAssignments(),
    [rolesApi],
  );
  const [actionError, setActionError] = useState<string>();
  const { allowed: mayManage } = usePermission({
    permission: roleAssignmentsManagePermission,
  });

  const remove = async (row: RoleAssignment) => {
    setActionError(undefined);
    try {
      await rolesApi.removeAssignment({
        subjectRef: row.subjectRef,
        role: row.role,
      });
      retry();
    } catch (e) {
      setActionError((e as Error).message);
    }
  };

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
        row.source === 'config' ? (
          'app-config (atrium.roles)'
        ) : (
          <>
            <Typography variant="body2">added in Atrium</Typography>
            <Typography variant="caption" color="textSecondary">
              by {row.createdBy}
              {row.createdAt
                ? `, ${new Date(row.createdAt).toLocaleString()}`
                : ''}
            </Typography>
          </>
        ),
    },
    {
      title: 'Actions',
      sorting: false,
      filtering: false,
      render: row =>
        row.source === 'admin' && mayManage ? (
          <Tooltip title={`Take ${row.role} away from ${row.subjectRef}`}>
            <IconButton
              size="small"
              aria-label={`Remove ${row.role} from ${row.subjectRef}`}
              onClick={() => remove(row)}
            >
              <DeleteIcon fontSize="small" />
            </IconButton>
          </Tooltip>
        ) : (
          <Typography variant="caption" color="textSecondary">
            {row.source === 'config' ? 'change in app-config' : ''}
          </Typography>
        ),
    },
  ];

  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <>
      {mayManage && <AddAssignmentForm onAdded={retry} />}
      {actionError && (
        <Box mb={2}>
          <Alert severity="error">{actionError}</Alert>
        </Box>
      )}
      <Table<RoleAssignment>
        title="Role assignments"
        subtitle="Every signed-in user not covered here is a data scientist"
        isLoading={loading}
        columns={columns}
        data={value ?? []}
        options={tableOptions({
          paging: false,
          search: true,
          sorting: true,
          filtering: true,
        })}
      />
      <Box mt={3}>
        <PeopleTable assignments={value ?? []} />
      </Box>
    </>
  );
}

/** The admin page: who holds the admin and devops roles, and giving or taking them. */
export function RoleAssignmentsPage() {
  return (
    <Content>
      <ContentHeader
        title="Roles"
        description="Who may administer Atrium and who operates the platform"
      />
      <PermissionGate
        permission={roleAssignmentsReadPermission}
        roles={['admin']}
      >
        <RoleAssignmentsTable />
      </PermissionGate>
    </Content>
  );
}
