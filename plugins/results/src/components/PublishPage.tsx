import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useApi } from '@backstage/frontend-plugin-api';
import { Content, Header, InfoCard, Page } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import MenuItem from '@material-ui/core/MenuItem';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { errorMessage } from '@internal/frontend-kit';
import { workspacesApiRef } from '@internal/plugin-workspaces-react';
import {
  RESULT_VISIBILITIES,
  RESULTS_LIST_MAX_LIMIT,
  type ResultVisibility,
} from '@internal/plugin-results-common';
import { resultsApiRef } from '../api';
import { VISIBILITY_LABELS, formatBytes, formatTime } from './format';
import { publishFailure } from './publishHints';
import { resultPath } from './ResultsTable';
import { useViewerRef } from './useViewerRef';

const NEW_RESULT = '';

/**
 * Publish a notebook: pick one of one's running workspaces (preselected by
 * `?workspace=<id>`, which the Workspaces page links to), pick a notebook in it, say
 * what it is and what changed, publish as a new result or a new version of one's own.
 */
export function PublishPage() {
  const results = useApi(resultsApiRef);
  const workspacesApi = useApi(workspacesApiRef);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const viewerRef = useViewerRef();
  const [workspaceId, setWorkspaceId] = useState(params.get('workspace') ?? '');
  const [path, setPath] = useState('');
  const [resultId, setResultId] = useState(params.get('result') ?? NEW_RESULT);
  const [title, setTitle] = useState('');
  const [message, setMessage] = useState('');
  const [visibility, setVisibility] = useState<ResultVisibility>('private');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ message: string; hint?: string }>();

  const workspaces = useAsync(
    () => workspacesApi.listWorkspaces({ scope: 'mine' }),
    [workspacesApi],
  );
  const workspace = workspaces.value?.find(w => w.id === workspaceId);
  const running = workspace?.status === 'running';
  const notebooks = useAsync(async () => {
    if (!workspaceId || !running) return undefined;
    return results.listWorkspaceNotebooks(workspaceId);
  }, [results, workspaceId, running]);
  const mine = useAsync(async () => {
    if (!viewerRef) return [];
    return (await results.listResults({ author: viewerRef, limit: RESULTS_LIST_MAX_LIMIT })).items;
  }, [results, viewerRef]);

  useEffect(() => setPath(''), [workspaceId]);

  const publish = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      const response = await results.publish({
        workspaceId,
        path,
        message: message.trim(),
        ...(resultId
          ? { resultId }
          : {
              ...(title.trim() ? { title: title.trim() } : {}),
              visibility,
            }),
      });
      navigate(resultPath(response.result.id), {
        state: {
          notice: response.created
            ? `Published version ${response.version.version}.`
            : `Nothing changed since version ${response.version.version}: no new version was made.`,
        },
      });
    } catch (error) {
      setFailure(publishFailure(error));
    } finally {
      setBusy(false);
    }
  };

  const canPublish = running && !!path && !!message.trim() && !busy;

  return (
    <Page themeId="tool">
      <Header
        title="Publish a notebook"
        subtitle="From a running workspace, as a versioned result"
      />
      <Content>
        <Grid container spacing={3}>
          <Grid item xs={12} md={6}>
            <InfoCard title="1. Workspace and notebook">
              {workspaces.error && (
                <Alert severity="error">
                  Could not load your workspaces:{' '}
                  {errorMessage(workspaces.error)}
                </Alert>
              )}
              {workspaces.loading && <LinearProgress />}
              <TextField
                select
                fullWidth
                margin="normal"
                id="publish-workspace"
                label="Workspace"
                value={workspaceId}
                onChange={e => setWorkspaceId(e.target.value)}
                helperText="Only running workspaces can be published from."
              >
                {(workspaces.value ?? []).map(w => (
                  <MenuItem
                    key={w.id}
                    value={w.id}
                    disabled={w.status !== 'running'}
                  >
                    {w.name}
                    {w.status === 'running'
                      ? ''
                      : ` (${w.status}: start it first)`}
                  </MenuItem>
                ))}
              </TextField>
              {workspace && !running && (
                <Alert severity="warning">
                  {workspace.name} is {workspace.status}. Start it on the
                  Workspaces page, then come back.
                </Alert>
              )}
              {notebooks.loading && (
                <Typography variant="body2">
                  Listing the notebooks in {workspace?.name}…
                </Typography>
              )}
              {notebooks.error && (
                <Alert severity="error">
                  Could not list the notebooks: {errorMessage(notebooks.error)}
                </Alert>
              )}
              {notebooks.value && notebooks.value.length === 0 && (
                <Alert severity="info">
                  No notebooks (.ipynb) in {workspace?.name}. Save one in
                  Jupyter first.
                </Alert>
              )}
              {notebooks.value && notebooks.value.length > 0 && (
                <FormControl component="fieldset" margin="normal">
                  <FormLabel component="legend">Notebook</FormLabel>
                  <RadioGroup
                    value={path}
                    onChange={e => setPath(e.target.value)}
                  >
                    {notebooks.value.map(n => (
                      <FormControlLabel
                        key={n.path}
                        value={n.path}
                        control={<Radio />}
                        label={`${n.path}${
                          n.sizeBytes !== null
                            ? ` · ${formatBytes(n.sizeBytes)}`
                            : ''
                        }${
                          n.lastModified
                            ? ` · saved ${formatTime(n.lastModified)}`
                            : ''
                        }`}
                      />
                    ))}
                  </RadioGroup>
                </FormControl>
              )}
            </InfoCard>
          </Grid>
          <Grid item xs={12} md={6}>
            <InfoCard title="2. Title and message">
              <TextField
                select
                fullWidth
                margin="normal"
                id="publish-as"
                label="Publish as"
                value={resultId}
                onChange={e => setResultId(e.target.value)}
              >
                <MenuItem value={NEW_RESULT}>A new result</MenuItem>
                {(mine.value ?? []).map(r => (
                  <MenuItem key={r.id} value={r.id}>
                    New version of “{r.title}” (now v{r.latestVersion})
                  </MenuItem>
                ))}
              </TextField>
              {!resultId && (
                <>
                  <TextField
                    fullWidth
                    margin="normal"
                    id="publish-title"
                    label="Title"
                    value={title}
                    onChange={e => setTitle(e.target.value)}
                    helperText="Defaults to the notebook's file name."
                  />
                  <TextField
                    select
                    fullWidth
                    margin="normal"
                    id="publish-visibility"
                    label="Who can see it"
                    value={visibility}
                    onChange={e =>
                      setVisibility(e.target.value as ResultVisibility)
                    }
                    helperText="Share with named people or groups later, from the result's page."
                  >
                    {RESULT_VISIBILITIES.filter(v => v !== 'named').map(v => (
                      <MenuItem key={v} value={v}>
                        {VISIBILITY_LABELS[v]}
                      </MenuItem>
                    ))}
                  </TextField>
                </>
              )}
              <TextField
                fullWidth
                required
                multiline
                minRows={2}
                margin="normal"
                id="publish-message"
                label="Message"
                value={message}
                onChange={e => setMessage(e.target.value)}
                helperText="What this version is or what changed; it becomes the commit message."
              />
              {busy && (
                <div role="status">
                  <Typography variant="body2">
                    Publishing {path}: reading it from {workspace?.name} and
                    committing it…
                  </Typography>
                  <LinearProgress />
                </div>
              )}
              {failure && (
                <Alert severity="error" style={{ marginTop: 16 }}>
                  {failure.message}
                  {failure.hint && <div>{failure.hint}</div>}
                </Alert>
              )}
              <Button
                style={{ marginTop: 16 }}
                variant="contained"
                color="primary"
                disabled={!canPublish}
                onClick={publish}
              >
                Publish
              </Button>
            </InfoCard>
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
