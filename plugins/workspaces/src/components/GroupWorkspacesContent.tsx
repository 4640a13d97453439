import { useCallback, useMemo } from 'react';
import Box from '@material-ui/core/Box';
import { RELATION_HAS_MEMBER } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  workspaceReadAllPermission,
  type Workspace,
} from '@internal/plugin-workspaces-common';
import { PermissionGate } from '@internal/plugin-roles-react';
import { WorkspacesTable } from './WorkspacesTable';
import { useWorkspaceList } from './useWorkspaceList';

function GroupMembersWorkspaces() {
  const { entity } = useEntity();
  // Direct members, as the catalog relates them; members of child groups are not included.
  const members = useMemo(
    () =>
      new Set(
        (entity.relations ?? [])
          .filter(r => r.type === RELATION_HAS_MEMBER)
          .map(r => r.targetRef.toLocaleLowerCase('en-US')),
      ),
    [entity],
  );
  const isMembers = useCallback(
    (w: Workspace) => members.has(w.owner.toLocaleLowerCase('en-US')),
    [members],
  );
  // The backend filters by one owner only, so everyone's list is filtered here.
  const list = useWorkspaceList({ scope: 'all' });
  return (
    <WorkspacesTable
      title={`Workspaces of ${
        entity.metadata.title ?? entity.metadata.name
      }'s members`}
      list={list}
      showOwner
      filter={isMembers}
      emptyContent={<Box p={2}>No member of this group has a workspace.</Box>}
    />
  );
}

/** The Workspaces tab of a group: its members' workspaces, for admins. */
export function GroupWorkspacesContent() {
  return (
    <PermissionGate permission={workspaceReadAllPermission} roles={['admin']}>
      <GroupMembersWorkspaces />
    </PermissionGate>
  );
}
