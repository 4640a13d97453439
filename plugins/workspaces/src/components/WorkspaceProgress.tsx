import { useEffect, useRef } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import OpenInNewIcon from '@material-ui/icons/OpenInNew';
import { useWorkspaceProgress } from './useWorkspaceProgress';

const useStyles = makeStyles(theme => ({
  failedBar: { backgroundColor: theme.palette.error.main },
}));

/**
 * The hub's start progress as a bar with its latest message; an "Open workspace"
 * button once ready, the failure in red otherwise.
 */
export function WorkspaceProgress(props: {
  workspaceId: string;
  /** Called once when the start ended (ready or failed), so lists can reload. */
  onSettled?: () => void;
}) {
  const classes = useStyles();
  const { progress, message, ready, failed, url } = useWorkspaceProgress(
    props.workspaceId,
  );
  const settled = ready || failed;
  // Only the transition to settled matters, not a new callback identity per render.
  const onSettled = useRef(props.onSettled);
  onSettled.current = props.onSettled;
  useEffect(() => {
    if (settled) onSettled.current?.();
  }, [settled]);

  const percent = Math.round(Math.max(0, Math.min(100, progress)));
  return (
    <Box>
      <LinearProgress
        variant="determinate"
        value={percent}
        classes={failed ? { bar: classes.failedBar } : undefined}
        aria-label="Start progress"
      />
      <Box mt={1} display="flex" justifyContent="space-between">
        <Typography
          variant="body2"
          color={failed ? 'error' : 'textSecondary'}
          role={failed ? 'alert' : 'status'}
        >
          {message ?? (ready ? 'Ready' : 'Waiting for the hub…')}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {percent}%
        </Typography>
      </Box>
      {ready && url && (
        <Box mt={2}>
          <Button
            variant="contained"
            color="primary"
            href={url}
            target="_blank"
            rel="noopener noreferrer"
            startIcon={<OpenInNewIcon />}
          >
            Open workspace
          </Button>
        </Box>
      )}
    </Box>
  );
}
