import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import AddIcon from '@material-ui/icons/Add';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import { workspaceReadAllPermission } from '@internal/plugin-workspaces-common';
import { CreateWorkspaceDialog } from './CreateWorkspaceDialog';
import { WorkspacesTable } from './WorkspacesTable';
import { useWorkspaceList } from './useWorkspaceList';

/**
 * The Workspaces tab of a data-science project: the workspaces launched for it (one's
 * own; admins see everyone's) and a launch button with the project filled in.
 */
export function ProjectWorkspacesContent() {
  const { entity } = useEntity();
  const project = stringifyEntityRef(entity);
  const { allowed: isAdmin, loading } = usePermission({
    permission: workspaceReadAllPermission,
  });
  // Wait for the answer, or admins would load their own list first and then everyone's.
  const list = useWorkspaceList(
    loading ? undefined : { scope: isAdmin ? 'all' : 'mine', project },
  );
  const [creating, setCreating] = useState(false);

  return (
    <>
      <Box mb={2} display="flex" justifyContent="flex-end">
        <Button
          variant="contained"
          color="primary"
          startIcon={<AddIcon />}
          onClick={() => setCreating(true)}
        >
          Launch for this project
        </Button>
      </Box>
      <WorkspacesTable
        title={
          isAdmin
            ? 'Workspaces of this project'
            : 'My workspaces of this project'
        }
        list={list}
        showOwner={isAdmin}
        emptyContent={
          <Box p={2}>
            No workspaces for this project yet. “Launch for this project” starts
            one.
          </Box>
        }
      />
      <CreateWorkspaceDialog
        open={creating}
        project={project}
        onClose={() => setCreating(false)}
        onChanged={list.refresh}
      />
    </>
  );
}
