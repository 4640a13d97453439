import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import type { Workspace } from '@internal/plugin-workspaces-common';

/** Asks before deleting: the hub removes the server, and its home volume may go too. */
export function DeleteWorkspaceDialog(props: {
  workspace?: Workspace;
  onCancel: () => void;
  onConfirm: (workspace: Workspace) => void;
}) {
  const { workspace, onCancel, onConfirm } = props;
  return (
    <Dialog open={Boolean(workspace)} onClose={onCancel}>
      <DialogTitle>Delete workspace {workspace?.name}?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          The workspace is stopped if it runs and removed from the hub. Save
          anything you need that is not in your home directory or a repository
          first.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button
          color="secondary"
          variant="contained"
          onClick={() => workspace && onConfirm(workspace)}
        >
          Delete
        </Button>
      </DialogActions>
    </Dialog>
  );
}
