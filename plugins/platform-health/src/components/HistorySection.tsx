import { useState } from 'react';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import {
  HISTORY_WINDOWS,
  type HistoryMarker,
  type HistoryWindow,
  type PlatformHistory,
} from '@internal/plugin-platform-health-common';
import useAsync from 'react-use/esm/useAsync';
import { HistoryChart } from './HistoryCharts';

const WINDOW_LABELS: Record<HistoryWindow, string> = {
  '1h': '1 h',
  '24h': '24 h',
  '7d': '7 d',
};

const PREFIX: Record<HistoryMarker['kind'], string> = {
  alert: 'Alert ',
  status: 'Service ',
  deploy: 'Deploy: ',
};

function MarkerList(props: { markers: HistoryMarker[] }) {
  if (props.markers.length === 0) return null;
  const shown = props.markers.slice(-10).reverse();
  return (
    <Box mb={2}>
      <Typography variant="subtitle2" component="h3">
        Marked on the charts
      </Typography>
      <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="history-markers">
        {shown.map((m, i) => (
          <li key={i}>
            <Typography variant="body2" component="span">
              {PREFIX[m.kind]}
              <b>{m.title}</b>
              {m.severity ? ` (${m.severity})` : ''} —{' '}
              {new Date(m.at).toLocaleString()}
              {m.kind !== 'deploy' &&
                (m.endedAt
                  ? ` to ${new Date(m.endedAt).toLocaleString()}`
                  : ', ongoing')}
            </Typography>
          </li>
        ))}
      </ul>
      {props.markers.length > shown.length && (
        <Typography variant="caption" color="textSecondary">
          and {props.markers.length - shown.length} earlier
        </Typography>
      )}
    </Box>
  );
}

/**
 * History over 1 h / 24 h / 7 d: one chart per series Prometheus has, alerts shaded and
 * deploys as dashed lines, and what is missing said in words.
 */
export function HistorySection(props: {
  title?: string;
  load: (window: HistoryWindow) => Promise<PlatformHistory>;
  /** Changes when what is shown changes (another cluster), to load again. */
  subject: string;
}) {
  const [window, setWindow] = useState<HistoryWindow>('1h');
  const history = useAsync(
    () => props.load(window),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [window, props.subject],
  );
  const value = history.value;
  return (
    <InfoCard
      title={props.title ?? 'History'}
      action={
        <ToggleButtonGroup
          size="small"
          exclusive
          value={window}
          onChange={(_, next) => next && setWindow(next)}
          aria-label="History window"
        >
          {HISTORY_WINDOWS.map(w => (
            <ToggleButton
              key={w}
              value={w}
              aria-label={`Last ${WINDOW_LABELS[w]}`}
            >
              {WINDOW_LABELS[w]}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
      }
    >
      <div data-testid="history-section" aria-busy={history.loading}>
        {history.loading && (
          <LinearProgress
            aria-label={`Loading the last ${WINDOW_LABELS[window]}`}
          />
        )}
        {history.error && <ResponseErrorPanel error={history.error} />}
        {value && !history.loading && (
          <>
            {value.missing.length > 0 && (
              <Alert severity="info" data-testid="history-missing">
                <Typography variant="body2" component="div">
                  Not shown:
                </Typography>
                <ul style={{ margin: 0, paddingLeft: 20 }}>
                  {value.missing.map((m, i) => (
                    <li key={i}>
                      <Typography variant="body2">{m}</Typography>
                    </li>
                  ))}
                </ul>
              </Alert>
            )}
            {value.series.length === 0 ? (
              <Box my={2}>
                <Typography variant="body2" color="textSecondary">
                  No chart has data for the last {WINDOW_LABELS[window]}: see
                  above for why.
                </Typography>
              </Box>
            ) : (
              <Box mt={2}>
                <MarkerList markers={value.markers} />
                {value.series.map(s => (
                  <HistoryChart key={s.id} series={s} history={value} />
                ))}
                <Typography variant="caption" color="textSecondary">
                  One point every{' '}
                  {value.stepSeconds >= 60
                    ? `${value.stepSeconds / 60} min`
                    : `${value.stepSeconds} s`}
                  . Shaded: an alert firing (orange) or the service down or
                  degraded (pink). Dashed: a rollout.
                </Typography>
              </Box>
            )}
          </>
        )}
      </div>
    </InfoCard>
  );
}
