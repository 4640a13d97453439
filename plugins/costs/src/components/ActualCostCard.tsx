import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { ActualCostSource } from '@internal/plugin-costs-common';
import { costsApiRef, type DateRange } from '../api';
import { formatMoney, loadErrorTitle, shortRef } from './format';

function SourceCard(props: { source: ActualCostSource; currency: string }) {
  const { source, currency } = props;
  const top = [...source.byKey].sort((a, b) => b.amount - a.amount).slice(0, 5);
  return (
    <Paper variant="outlined" component="section" aria-label={source.title}>
      <Box p={2}>
        <Typography variant="subtitle1">{source.title}</Typography>
        {source.error ? (
          <Alert severity="warning">
            {source.title} did not answer: {source.error}. The other figures
            stand; ask DevOps to check its connection settings (costs.
            {source.name} in app-config).
          </Alert>
        ) : (
          <>
            <Typography variant="h5" component="p">
              {formatMoney(source.total, currency)}
            </Typography>
            <Typography variant="body2">
              Attributed to people: {formatMoney(source.attributed, currency)}
            </Typography>
            <Typography variant="body2">
              Unattributed: {formatMoney(source.unattributed, currency)}
            </Typography>
            {top.length > 0 && (
              <Box component="ul" mt={1} mb={0} pl={2}>
                {top.map(k => (
                  <li key={k.key}>
                    <Typography variant="body2">
                      {shortRef(k.key)}: {formatMoney(k.amount, currency)}
                    </Typography>
                  </li>
                ))}
              </Box>
            )}
          </>
        )}
        <Typography variant="caption" color="textSecondary">
          Fetched {new Date(source.fetchedAt).toLocaleString()}
        </Typography>
      </Box>
    </Paper>
  );
}

/** What the cloud bills say beside what Atrium metered, for a period (admins). */
export function ActualCostCard(props: { range: DateRange }) {
  const api = useApi(costsApiRef);
  const { from, to } = props.range;
  const actual = useAsync(
    () => api.getActualCosts({ from, to }),
    [api, from, to],
  );
  const value = actual.value;
  let body;
  if (actual.error) {
    body = (
      <ResponseErrorPanel
        error={actual.error}
        title={loadErrorTitle('the cloud bills', actual.error)}
      />
    );
  } else if (!value) {
    body = <Progress />;
  } else {
    body = (
      <Grid container spacing={2}>
        <Grid item xs={12} md={4}>
          <Paper variant="outlined" component="section" aria-label="Metered">
            <Box p={2}>
              <Typography variant="subtitle1">Metered by Atrium</Typography>
              <Typography variant="h5" component="p">
                {formatMoney(value.metered, value.currency)}
              </Typography>
              <Typography variant="body2" color="textSecondary">
                Workspace hours × the price sheet
              </Typography>
            </Box>
          </Paper>
        </Grid>
        {value.sources.length === 0 && (
          <Grid item xs={12} md={8}>
            <Typography color="textSecondary">
              No billing source is configured: set costs.opencost.url or
              costs.aws in app-config to compare with actual spend.
            </Typography>
          </Grid>
        )}
        {value.sources.map(source => (
          <Grid item xs={12} md={4} key={source.name}>
            <SourceCard source={source} currency={value.currency} />
          </Grid>
        ))}
      </Grid>
    );
  }
  return (
    <InfoCard
      title="Metered vs billed"
      subheader={`${from} to ${to} (exclusive)`}
    >
      {body}
    </InfoCard>
  );
}
