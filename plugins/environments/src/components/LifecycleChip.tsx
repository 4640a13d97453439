import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  production: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.common.white,
  },
  deprecated: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.common.black,
  },
  other: {},
}));

/** An environment version's lifecycle: production (green) or deprecated (amber). */
export function LifecycleChip(props: { lifecycle: string }) {
  const classes = useStyles();
  const className =
    props.lifecycle === 'production' || props.lifecycle === 'deprecated'
      ? classes[props.lifecycle]
      : classes.other;
  return (
    <Chip
      size="small"
      label={props.lifecycle || 'unknown'}
      className={className}
    />
  );
}
