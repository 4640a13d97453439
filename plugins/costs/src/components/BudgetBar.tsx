import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { formatPercent } from './format';

const useStyles = makeStyles(theme => ({
  bar: { height: 8, borderRadius: 4, flexGrow: 1, minWidth: 80 },
  ok: { backgroundColor: theme.palette.success.main },
  warn: { backgroundColor: theme.palette.warning.main },
  over: { backgroundColor: theme.palette.error.main },
}));

/** How much of a budget is spent: green, amber from 80 %, red from 100 %. */
export function BudgetBar(props: { percent: number; label: string }) {
  const classes = useStyles();
  const { percent } = props;
  let level = classes.ok;
  if (percent >= 100) level = classes.over;
  else if (percent >= 80) level = classes.warn;
  return (
    <Box display="flex" alignItems="center" gridGap={8}>
      <LinearProgress
        variant="determinate"
        value={Math.min(100, Math.max(0, percent))}
        aria-label={props.label}
        classes={{ root: classes.bar, bar: level }}
      />
      <Typography variant="body2">{formatPercent(percent)}</Typography>
    </Box>
  );
}
