import { useId } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { ProblemPod } from '@internal/plugin-platform-health-common';
import useAsync from 'react-use/esm/useAsync';
import { platformHealthApiRef } from '../api';

/** The last lines of a problem pod's failing container, fetched when opened. */
export function PodLogsDialog(props: { pod?: ProblemPod; onClose(): void }) {
  const api = useApi(platformHealthApiRef);
  const { pod } = props;
  const titleId = useId();
  const logs = useAsync(
    async () =>
      pod
        ? api.getPodLogs({
            cluster: pod.cluster,
            namespace: pod.namespace,
            pod: pod.name,
            container: pod.container,
          })
        : undefined,
    [api, pod],
  );
  return (
    <Dialog
      open={!!pod}
      onClose={props.onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby={titleId}
    >
      <DialogTitle id={titleId}>
        Log of {pod?.namespace}/{pod?.name}
        {logs.value ? ` (${logs.value.container})` : ''}
      </DialogTitle>
      <DialogContent>
        {logs.loading && <Progress />}
        {logs.error && <ResponseErrorPanel error={logs.error} />}
        {logs.value && (
          <>
            {logs.value.previous && (
              <Typography variant="body2" color="textSecondary">
                The container restarted and has printed nothing since: these are
                the last lines of the instance that crashed.
              </Typography>
            )}
            <pre
              data-testid="pod-logs"
              style={{ whiteSpace: 'pre-wrap', fontSize: 12, margin: 0 }}
            >
              {logs.value.lines.length
                ? logs.value.lines.join('\n')
                : '(no output)'}
            </pre>
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
