import { useId } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { useApi } from '@backstage/frontend-plugin-api';
import type { Workspace } from '@internal/plugin-workspaces-common';
import { workspacesApiRef } from '@internal/plugin-workspaces-react';
import { AsyncContent, errorMessage } from '@internal/frontend-kit';
import { DiagnosisView } from './DiagnosisView';
import { formatRelativeTime } from './format';

function Diagnosis(props: { workspaceId: string }) {
  const api = useApi(workspacesApiRef);
  const state = useAsyncRetry(
    () => api.diagnoseWorkspace(props.workspaceId),
    [api, props.workspaceId],
  );
  return (
    <>
      {state.loading && (
        <Box mb={2} role="status">
          <Typography variant="body2" gutterBottom>
            Asking the hub and the cluster about this workspace…
          </Typography>
          <LinearProgress aria-label="Diagnosing" />
        </Box>
      )}
      {/* The first load shows the progress above; a reload keeps what was shown. */}
      {(state.value !== undefined || state.error) && (
        <AsyncContent
          state={state}
          failureTitle={error =>
            `Could not diagnose the workspace: ${errorMessage(error)}`
          }
          failureHint="Try again in a moment; if it keeps failing, the workspaces backend is not answering: ask DevOps to check the platform status page."
        >
          {diagnosis => (
            <>
              <Typography variant="caption" color="textSecondary">
                Diagnosed {formatRelativeTime(diagnosis.diagnosedAt)}{' '}
                <Button
                  size="small"
                  onClick={state.retry}
                  disabled={state.loading}
                >
                  Diagnose again
                </Button>
              </Typography>
              <DiagnosisView diagnosis={diagnosis} />
            </>
          )}
        </AsyncContent>
      )}
    </>
  );
}

/**
 * Why a workspace fails: what the cluster knows of its pod (findings with what to do,
 * phase, conditions, containers, events, log tail), the hub's message and the kernels.
 */
export function WorkspaceDiagnosisDialog(props: {
  workspace?: Workspace;
  onClose: () => void;
}) {
  const { workspace, onClose } = props;
  const titleId = useId();
  return (
    <Dialog
      open={Boolean(workspace)}
      onClose={onClose}
      fullWidth
      maxWidth="md"
      aria-labelledby={titleId}
      scroll="paper"
    >
      <DialogTitle id={titleId}>Diagnose {workspace?.name}</DialogTitle>
      <DialogContent dividers>
        {workspace && <Diagnosis workspaceId={workspace.id} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
