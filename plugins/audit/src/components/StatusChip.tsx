import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import type { AuditLogEntry } from '@internal/plugin-audit-common';

const useStyles = makeStyles(theme => ({
  chip: (props: { status: AuditLogEntry['status'] }) => ({
    backgroundColor:
      props.status === 'failed'
        ? theme.palette.error.main
        : theme.palette.success.main,
    color: theme.palette.common.white,
    fontWeight: theme.typography.fontWeightBold as number,
  }),
}));

/** Succeeded in green, failed in red. */
export function StatusChip(props: { status: AuditLogEntry['status'] }) {
  const classes = useStyles({ status: props.status });
  return <Chip size="small" label={props.status} className={classes.chip} />;
}
