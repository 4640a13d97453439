import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import AddIcon from '@material-ui/icons/Add';
import { Content, ContentHeader } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import { workspaceReadAllPermission } from '@internal/plugin-workspaces-common';
import { CreateWorkspaceDialog } from './CreateWorkspaceDialog';
import { WorkspacesTable } from './WorkspacesTable';
import { useWorkspaceList } from './useWorkspaceList';

/** The Workspaces page: one's own workspaces, and for admins everyone's. */
export function WorkspacesPage() {
  const { allowed: isAdmin } = usePermission({
    permission: workspaceReadAllPermission,
  });
  const [everyone, setEveryone] = useState(false);
  const showAll = isAdmin && everyone;
  // Everyone's workspaces may be thousands: paged, sorted and filtered by the backend.
  const list = useWorkspaceList(
    { scope: showAll ? 'all' : 'mine' },
    { paged: showAll },
  );
  const [creating, setCreating] = useState(false);

  return (
    <Content>
      <ContentHeader
        title="Workspaces"
        description="Notebook workspaces on JupyterHub: launch, open, stop and delete them"
      >
        <Box display="flex" alignItems="center" gridGap={16}>
          {isAdmin && (
            <ToggleButtonGroup
              size="small"
              exclusive
              value={showAll ? 'all' : 'mine'}
              onChange={(_, value) => value && setEveryone(value === 'all')}
              aria-label="Whose workspaces"
            >
              <ToggleButton value="mine">Mine</ToggleButton>
              <ToggleButton value="all">Everyone's</ToggleButton>
            </ToggleButtonGroup>
          )}
          <Button
            variant="contained"
            color="primary"
            startIcon={<AddIcon />}
            onClick={() => setCreating(true)}
          >
            New workspace
          </Button>
        </Box>
      </ContentHeader>
      <WorkspacesTable
        title={showAll ? "Everyone's workspaces" : 'My workspaces'}
        list={list}
        showOwner={showAll}
        emptyContent={
          <Box p={2}>
            No workspaces yet. “New workspace” launches one from a profile.
          </Box>
        }
      />
      <CreateWorkspaceDialog
        open={creating}
        onClose={() => setCreating(false)}
        onChanged={list.refresh}
      />
    </Content>
  );
}
