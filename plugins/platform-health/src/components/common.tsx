import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import type {
  Freshness,
  ServiceState,
} from '@internal/plugin-platform-health-common';
import { describeFreshness } from './format';

const useStyles = makeStyles(theme => ({
  healthy: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  degraded: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  down: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  unknown: {},
  stale: { color: theme.palette.warning.dark },
  fresh: { color: theme.palette.text.secondary },
}));

/** healthy / degraded / down / unknown, coloured. */
export function StateChip(props: { state: ServiceState }) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={props.state}
      className={classes[props.state]}
      data-testid="service-state"
    />
  );
}

/** Marks the demo's simulated cluster so nobody takes it for a real one. */
export function SimulatedChip(props: { simulated: boolean }) {
  if (!props.simulated) return null;
  return (
    <Tooltip title="Atrium's Kubernetes test server with demo data, not a real cluster">
      <Chip size="small" variant="outlined" label="simulated" />
    </Tooltip>
  );
}

/** How fresh the data is; stale data says its age and why. */
export function FreshnessText(props: { freshness: Freshness; label?: string }) {
  const classes = useStyles();
  return (
    <span
      className={props.freshness.stale ? classes.stale : classes.fresh}
      data-testid="freshness"
    >
      {props.label ? `${props.label}: ` : ''}
      {describeFreshness(props.freshness)}
    </span>
  );
}
