import { useId } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import { WorkspaceProgress } from './WorkspaceProgress';

/** A small dialog following the start of an existing workspace. */
export function WorkspaceProgressDialog(props: {
  workspace?: { id: string; name: string };
  onClose: () => void;
  onSettled?: () => void;
}) {
  const { workspace, onClose, onSettled } = props;
  const titleId = useId();
  return (
    <Dialog
      open={Boolean(workspace)}
      onClose={onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby={titleId}
    >
      <DialogTitle id={titleId}>Starting {workspace?.name}</DialogTitle>
      <DialogContent>
        {workspace && (
          <WorkspaceProgress workspaceId={workspace.id} onSettled={onSettled} />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
