import { useEffect, useState } from 'react';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/frontend-plugin-api';
import type { LaunchPreview } from '@internal/plugin-workspaces-common';
import { workspacesApiRef } from '@internal/plugin-workspaces-react';
import { errorMessage } from '@internal/frontend-kit';

const useStyles = makeStyles(theme => ({
  panel: { marginTop: theme.spacing(2) },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: theme.spacing(1, 0),
  },
  warning: { color: theme.palette.warning.dark, fontWeight: 600 },
  error: { color: theme.palette.error.main, fontWeight: 600 },
}));

/** How long the form must be still before asking again (typing in the name field). */
const SETTLE_MS = 250;

/**
 * "Before you launch": what the admission checks (costs: price, budget, quotas) say
 * about the chosen profile, and whether the start would be refused. Advice only: the
 * start is checked again when it happens.
 */
export function LaunchPreviewPanel(props: {
  profile: string;
  options: Record<string, string>;
  project?: string;
  name?: string;
  onRefusal: (reason: string | undefined) => void;
}) {
  const { profile, options, project, name, onRefusal } = props;
  const classes = useStyles();
  const api = useApi(workspacesApiRef);
  const [preview, setPreview] = useState<LaunchPreview>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const optionsKey = JSON.stringify(options);

  useEffect(() => {
    let current = true;
    setLoading(true);
    const timer = setTimeout(() => {
      api
        .previewLaunch({
          profile,
          options: JSON.parse(optionsKey),
          ...(project ? { project } : {}),
          ...(name ? { name } : {}),
        })
        .then(
          result => {
            if (!current) return;
            setPreview(result);
            setError(undefined);
            onRefusal(result.refusal);
          },
          e => {
            if (!current) return;
            setPreview(undefined);
            setError(errorMessage(e));
            onRefusal(undefined);
          },
        )
        .finally(() => current && setLoading(false));
    }, SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, profile, optionsKey, project, name, onRefusal]);

  return (
    <section className={classes.panel} aria-label="Before you launch">
      <Typography variant="subtitle2">Before you launch</Typography>
      {loading && (
        <LinearProgress aria-label="Checking price, budget and quotas" />
      )}
      {error && (
        <Alert severity="warning">
          Could not check price, budget and quotas ({error}). You can still
          launch: the start is checked again.
        </Alert>
      )}
      {preview && (
        <>
          <div className={classes.facts}>
            <Typography variant="body2" color="textSecondary">
              Resources
            </Typography>
            <Typography variant="body2">
              {preview.resources.cpu} CPU · {preview.resources.memoryGiB} GiB
              {preview.resources.gpu > 0
                ? ` · ${preview.resources.gpu} GPU`
                : ''}
            </Typography>
            {/* By position: a check may give several lines of one label (Data). */}
            {preview.facts.map((fact, i) => (
              <FactRow key={`${fact.check}:${fact.label}:${i}`} {...fact} />
            ))}
          </div>
          {preview.refusal && (
            <Alert severity="error" role="alert">
              This launch would be refused: {preview.refusal}
            </Alert>
          )}
        </>
      )}
    </section>
  );
}

function FactRow(props: {
  label: string;
  value: string;
  tone?: 'info' | 'warning' | 'error';
}) {
  const classes = useStyles();
  const toneClass = {
    error: classes.error,
    warning: classes.warning,
    info: undefined,
  }[props.tone ?? 'info'];
  return (
    <>
      <Typography variant="body2" color="textSecondary">
        {props.label}
      </Typography>
      <Typography variant="body2" className={toneClass}>
        {props.value}
      </Typography>
    </>
  );
}
