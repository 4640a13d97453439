import { useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Content,
  Header,
  HeaderLabel,
  Link,
  Page,
} from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import TextField from '@material-ui/core/TextField';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import Alert from '@material-ui/lab/Alert';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  AsyncContent,
  ConfirmDialog,
  couldNotLoad,
} from '@internal/frontend-kit';
import type { Result, ResultVersion } from '@internal/plugin-results-common';
import { resultsApiRef } from '../api';
import { CommentsPanel } from './CommentsPanel';
import { CompareVersions } from './CompareVersions';
import {
  REVIEW_LABELS,
  VISIBILITY_LABELS,
  entityPath,
  shortRef,
} from './format';
import { NotebookView, type NotebookMode } from './notebook';
import type { Notebook } from './notebook/nbformat';
import { ReviewPanel } from './ReviewPanel';
import { ShareDialog } from './ShareDialog';
import { VersionsTable } from './VersionsTable';
import { useViewerRef } from './useViewerRef';

type TabId = 'view' | 'versions' | 'compare';

function ViewTab(props: {
  result: Result;
  versions: ResultVersion[];
  version: number;
  onVersion: (v: number) => void;
  viewerRef?: string;
  onChanged: () => void;
}) {
  const { result, versions, version, onVersion, viewerRef, onChanged } = props;
  const api = useApi(resultsApiRef);
  const [mode, setMode] = useState<NotebookMode>('report');
  const notebook = useAsyncRetry(
    async () =>
      (await api.getNotebook(result.id, version)) as unknown as Notebook,
    [api, result.id, version],
  );
  return (
    <Grid container spacing={3}>
      <Grid
        item
        xs={12}
        style={{
          display: 'flex',
          gap: 16,
          alignItems: 'center',
          flexWrap: 'wrap',
        }}
      >
        <TextField
          select
          id="result-version"
          label="Version"
          value={version}
          onChange={e => onVersion(Number(e.target.value))}
          style={{ minWidth: 280 }}
        >
          {versions.map(v => (
            <MenuItem key={v.version} value={v.version}>
              v{v.version}: {v.message}
            </MenuItem>
          ))}
        </TextField>
        <ToggleButtonGroup
          exclusive
          size="small"
          value={mode}
          onChange={(_e, m) => m && setMode(m)}
          aria-label="Show as"
        >
          <ToggleButton value="report">Report</ToggleButton>
          <ToggleButton value="notebook">Notebook with code</ToggleButton>
        </ToggleButtonGroup>
      </Grid>
      <Grid item xs={12} lg={8}>
        <AsyncContent
          state={notebook}
          failureTitle={couldNotLoad(`version ${version}`)}
        >
          {nb => <NotebookView notebook={nb} mode={mode} />}
        </AsyncContent>
      </Grid>
      <Grid item xs={12} lg={4}>
        <ReviewPanel
          result={result}
          version={version}
          viewerRef={viewerRef}
          onChanged={onChanged}
        />
        <div style={{ height: 24 }} />
        <CommentsPanel
          resultId={result.id}
          version={version}
          notebook={notebook.value}
        />
      </Grid>
    </Grid>
  );
}

function ResultView(props: {
  result: Result;
  versions: ResultVersion[];
  reload: () => void;
}) {
  const { versions, reload } = props;
  const [result, setResult] = useState(props.result);
  const navigate = useNavigate();
  const location = useLocation();
  const api = useApi(resultsApiRef);
  const viewerRef = useViewerRef();
  const [tab, setTab] = useState<TabId>('view');
  const [version, setVersion] = useState(result.latestVersion);
  const [compare, setCompare] = useState({
    from: Math.max(1, result.latestVersion - 1),
    to: result.latestVersion,
  });
  const [sharing, setSharing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const notice = (location.state as { notice?: string } | null)?.notice;
  const isAuthor = viewerRef === result.authorRef;

  return (
    <Page themeId="tool">
      <Header
        title={result.title}
        subtitle={
          result.projectRef
            ? `Result of ${shortRef(result.projectRef)}`
            : 'Personal result'
        }
        type="Result"
      >
        <HeaderLabel label="Author" value={shortRef(result.authorRef)} />
        <HeaderLabel
          label="Visibility"
          value={VISIBILITY_LABELS[result.visibility]}
        />
        <HeaderLabel label="Review" value={REVIEW_LABELS[result.reviewState]} />
        <HeaderLabel label="Versions" value={String(result.latestVersion)} />
      </Header>
      <Content>
        {notice && (
          <Alert severity="success" style={{ marginBottom: 16 }}>
            {notice}
          </Alert>
        )}
        <div
          style={{
            display: 'flex',
            gap: 8,
            marginBottom: 8,
            flexWrap: 'wrap',
            alignItems: 'center',
          }}
        >
          {result.projectRef && (
            <Link to={entityPath(result.projectRef)}>Project page</Link>
          )}
          <span style={{ flex: 1 }} />
          {isAuthor && (
            <>
              <Button variant="outlined" onClick={() => setSharing(true)}>
                Share
              </Button>
              <Button
                variant="outlined"
                onClick={() =>
                  navigate(
                    `/results/publish?result=${encodeURIComponent(result.id)}`,
                  )
                }
              >
                Publish a new version
              </Button>
              <Button variant="outlined" onClick={() => setDeleting(true)}>
                Delete
              </Button>
            </>
          )}
        </div>
        <Tabs
          value={tab}
          onChange={(_e, t) => setTab(t)}
          indicatorColor="primary"
          style={{ marginBottom: 16 }}
        >
          <Tab value="view" label="Report" />
          <Tab value="versions" label={`Versions (${versions.length})`} />
          <Tab value="compare" label="Compare" disabled={versions.length < 2} />
        </Tabs>
        {tab === 'view' && (
          <ViewTab
            result={result}
            versions={versions}
            version={version}
            onVersion={setVersion}
            viewerRef={viewerRef}
            onChanged={reload}
          />
        )}
        {tab === 'versions' && (
          <VersionsTable
            resultId={result.id}
            versions={versions}
            onView={v => {
              setVersion(v);
              setTab('view');
            }}
            onCompare={(from, to) => {
              setCompare({ from, to });
              setTab('compare');
            }}
          />
        )}
        {tab === 'compare' && (
          <CompareVersions
            resultId={result.id}
            versions={versions}
            {...compare}
            onChange={(from, to) => setCompare({ from, to })}
          />
        )}
        <ShareDialog
          result={result}
          open={sharing}
          onClose={() => setSharing(false)}
          onSaved={setResult}
        />
        <ConfirmDialog
          open={deleting}
          title={`Delete “${result.title}”?`}
          text="Its versions stay in the git repository, but the result, its comments and reviews leave the portal."
          confirmLabel="Delete"
          onConfirm={async () => {
            await api.deleteResult(result.id);
            navigate('/results');
          }}
          onClose={() => setDeleting(false)}
        />
      </Content>
    </Page>
  );
}

/** One result: its report, versions, diffs, review and comments. */
export function ResultPage() {
  const { resultId = '' } = useParams();
  const api = useApi(resultsApiRef);
  const state = useAsyncRetry(async () => {
    const [result, versions] = await Promise.all([
      api.getResult(resultId),
      api.listVersions(resultId),
    ]);
    return { result, versions };
  }, [api, resultId]);
  return (
    <AsyncContent
      state={state}
      failureTitle={couldNotLoad('this result')}
      failureHint="It may have been deleted, or not be shared with you."
    >
      {({ result, versions }) => (
        <ResultView
          key={`${result.id}:${result.updatedAt}`}
          result={result}
          versions={versions}
          reload={state.retry}
        />
      )}
    </AsyncContent>
  );
}
