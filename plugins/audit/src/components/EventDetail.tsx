import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { AuditLogEntry } from '@internal/plugin-audit-common';

const useStyles = makeStyles(theme => ({
  json: {
    fontFamily: 'monospace',
    fontSize: theme.typography.body2.fontSize,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
    margin: 0,
    padding: theme.spacing(1),
    borderRadius: theme.shape.borderRadius,
    backgroundColor: theme.palette.background.default,
  },
  error: {
    color: theme.palette.error.main,
  },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: 0,
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0, wordBreak: 'break-all' },
  },
}));

function Json(props: { value: unknown; label: string }) {
  const classes = useStyles();
  return (
    <pre className={classes.json} aria-label={props.label}>
      {props.value === undefined ? '—' : JSON.stringify(props.value, null, 2)}
    </pre>
  );
}

/**
 * The expanded row: the error of a failed event, what changed (the `before` and
 * `after` of `meta`), the rest of `meta`, and the request's facts.
 */
export function EventDetail(props: { entry: AuditLogEntry }) {
  const { entry } = props;
  const classes = useStyles();
  const meta = entry.meta ?? {};
  const { before, after, ...rest } = meta;
  const hasChange = 'before' in meta || 'after' in meta;
  const hasRest = Object.keys(rest).length > 0;

  return (
    <Box px={4} py={2}>
      {entry.error && (
        <Box mb={2}>
          <Typography variant="subtitle2">Error</Typography>
          <pre className={`${classes.json} ${classes.error}`}>
            {entry.error}
          </pre>
        </Box>
      )}
      {hasChange && (
        <Box mb={2}>
          <Grid container spacing={2}>
            <Grid item xs={12} md={6}>
              <Typography variant="subtitle2">Before</Typography>
              <Json value={before} label="Before" />
            </Grid>
            <Grid item xs={12} md={6}>
              <Typography variant="subtitle2">After</Typography>
              <Json value={after} label="After" />
            </Grid>
          </Grid>
        </Box>
      )}
      {hasRest && (
        <Box mb={2}>
          <Typography variant="subtitle2">Details</Typography>
          <Json value={rest} label="Details" />
        </Box>
      )}
      {!hasChange && !hasRest && !entry.error && (
        <Box mb={2}>
          <Typography variant="body2" color="textSecondary">
            No details were recorded for this event.
          </Typography>
        </Box>
      )}
      <Typography component="dl" variant="body2" className={classes.facts}>
        <dt>Time (UTC)</dt>
        <dd>{entry.at}</dd>
        <dt>Severity</dt>
        <dd>{entry.severityLevel}</dd>
        {entry.userAgent && (
          <>
            <dt>User agent</dt>
            <dd>{entry.userAgent}</dd>
          </>
        )}
        <dt>Event record</dt>
        <dd>{entry.id}</dd>
      </Typography>
    </Box>
  );
}
