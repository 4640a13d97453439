import Chip from '@material-ui/core/Chip';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { makeStyles, type Theme } from '@material-ui/core/styles';
import type {
  Workspace,
  WorkspaceStatus,
} from '@internal/plugin-workspaces-common';

const colorOf = (theme: Theme): Record<WorkspaceStatus, string> => ({
  running: theme.palette.success.main,
  starting: theme.palette.info.main,
  stopping: theme.palette.info.main,
  stopped: theme.palette.grey[600],
  failed: theme.palette.error.main,
});

const useStyles = makeStyles(theme => ({
  chip: (props: { status: WorkspaceStatus }) => ({
    backgroundColor: colorOf(theme)[props.status],
    color: theme.palette.common.white,
    fontWeight: theme.typography.fontWeightBold as number,
  }),
  reason: { display: 'block', marginTop: theme.spacing(0.5) },
  hint: { display: 'block', marginTop: theme.spacing(0.5), textAlign: 'left' },
}));

/**
 * The status as a colored chip, with why the workspace is in it underneath; a failed or
 * starting workspace offers its diagnosis when `onDiagnose` is given.
 */
export function StatusCell(props: {
  workspace: Pick<Workspace, 'status' | 'statusReason' | 'name'>;
  onDiagnose?: () => void;
}) {
  const { status, statusReason, name } = props.workspace;
  const { onDiagnose } = props;
  const classes = useStyles({ status });
  return (
    <>
      <Chip size="small" label={status} className={classes.chip} />
      {statusReason && (
        <Typography
          variant="caption"
          color="textSecondary"
          className={classes.reason}
        >
          {statusReason}
        </Typography>
      )}
      {onDiagnose && (status === 'failed' || status === 'starting') && (
        <Link
          component="button"
          variant="caption"
          className={classes.hint}
          onClick={onDiagnose}
          aria-label={
            status === 'failed'
              ? `Why did ${name} fail? Diagnose`
              : `${name} taking long? Diagnose`
          }
        >
          {status === 'failed'
            ? 'Why did it fail? Diagnose'
            : 'Taking long? Diagnose'}
        </Link>
      )}
    </>
  );
}
