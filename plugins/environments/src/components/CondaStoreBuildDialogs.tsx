import { useId, useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  Progress,
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { tableOptions } from '@internal/frontend-kit';
import type {
  CondaStoreBuildPackage,
  CondaStoreBuildSummary,
} from '@internal/plugin-environments-common';
import useAsync from 'react-use/esm/useAsync';
import { condaStoreBuildsApiRef } from '../api';
import { EnvironmentDiffTable } from './EnvironmentDiffTable';

const useStyles = makeStyles(theme => ({
  log: {
    whiteSpace: 'pre-wrap',
    fontFamily: 'monospace',
    fontSize: 12,
    margin: 0,
    maxHeight: '60vh',
    overflow: 'auto',
  },
  solver: {
    backgroundColor: theme.palette.error.light,
    color: theme.palette.error.contrastText,
    fontWeight: 'bold',
  },
  solverMessage: { whiteSpace: 'pre-wrap', fontFamily: 'monospace', margin: 0 },
  pickers: { display: 'flex', gap: theme.spacing(2), marginBottom: 16 },
}));

function BuildDialog(props: {
  title: string;
  onClose(): void;
  children: React.ReactNode;
}) {
  const titleId = useId();
  return (
    <Dialog
      open
      onClose={props.onClose}
      maxWidth="lg"
      fullWidth
      aria-labelledby={titleId}
    >
      <DialogTitle id={titleId}>{props.title}</DialogTitle>
      <DialogContent>{props.children}</DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}

/** A build's log from conda-store, the solver's message above it and marked in it. */
export function BuildLogDialog(props: { buildId: number; onClose(): void }) {
  const classes = useStyles();
  const api = useApi(condaStoreBuildsApiRef);
  const log = useAsync(() => api.getBuildLog(props.buildId), [props.buildId]);
  const solver = log.value?.solverMessage;
  const at = solver ? log.value!.log.indexOf(solver) : -1;
  return (
    <BuildDialog
      title={`Log of build #${props.buildId}`}
      onClose={props.onClose}
    >
      {log.loading && <Progress />}
      {log.error && <ResponseErrorPanel error={log.error} />}
      {log.value && (
        <>
          {solver && (
            <Alert severity="error" style={{ marginBottom: 16 }}>
              <AlertTitle>
                The solver could not resolve the specification
              </AlertTitle>
              <pre className={classes.solverMessage}>{solver}</pre>
            </Alert>
          )}
          {log.value.truncated && (
            <Typography variant="body2" color="textSecondary">
              The log is {Math.round(log.value.sizeBytes / 1024)} KiB: its end
              is shown.
            </Typography>
          )}
          <pre
            className={classes.log}
            aria-label={`conda-store log of build ${props.buildId}`}
          >
            {at >= 0 ? (
              <>
                {log.value.log.slice(0, at)}
                <mark className={classes.solver}>{solver}</mark>
                {log.value.log.slice(at + solver!.length)}
              </>
            ) : (
              log.value.log || '(the log is empty)'
            )}
          </pre>
        </>
      )}
    </BuildDialog>
  );
}

const packageColumns: TableColumn<CondaStoreBuildPackage>[] = [
  { title: 'Package', field: 'name', highlight: true, defaultSort: 'asc' },
  { title: 'Version', field: 'version' },
  { title: 'Channel', field: 'channel' },
  { title: 'License', field: 'license', render: p => p.license ?? '—' },
  { title: 'Summary', field: 'summary', render: p => p.summary ?? '' },
];

/** A build's resolved packages: sortable by any column, filtered by the search box. */
export function BuildPackagesDialog(props: {
  buildId: number;
  onClose(): void;
}) {
  const api = useApi(condaStoreBuildsApiRef);
  const packages = useAsync(
    () => api.getBuildPackages(props.buildId),
    [props.buildId],
  );
  return (
    <BuildDialog
      title={`Packages of build #${props.buildId}`}
      onClose={props.onClose}
    >
      {packages.loading && <Progress />}
      {packages.error && <ResponseErrorPanel error={packages.error} />}
      {packages.value && (
        <Table<CondaStoreBuildPackage>
          title={`${packages.value.length} packages`}
          columns={packageColumns}
          data={packages.value}
          options={tableOptions({
            paging: packages.value.length > 50,
            pageSize: 50,
            search: true,
          })}
          emptyContent={
            <Typography variant="body2" style={{ padding: 16 }}>
              conda-store lists no packages for this build (a build that did not
              complete has none).
            </Typography>
          }
        />
      )}
    </BuildDialog>
  );
}

/** What changes between two completed builds, in the curated versions' diff view. */
export function CompareBuildsDialog(props: {
  builds: CondaStoreBuildSummary[];
  initialTo: number;
  onClose(): void;
}) {
  const classes = useStyles();
  const api = useApi(condaStoreBuildsApiRef);
  const completed = props.builds.filter(b => b.status === 'COMPLETED');
  const older = completed.find(b => b.id < props.initialTo);
  const [to, setTo] = useState(props.initialTo);
  const [from, setFrom] = useState(
    older?.id ?? completed.find(b => b.id !== props.initialTo)?.id,
  );
  const diff = useAsync(
    async () =>
      from !== undefined && from !== to ? api.diffBuilds(from, to) : undefined,
    [from, to],
  );
  const picker = (
    label: string,
    value: number | undefined,
    onChange: (id: number) => void,
  ) => (
    <TextField
      select
      label={label}
      value={value ?? ''}
      onChange={e => onChange(Number(e.target.value))}
      variant="outlined"
      size="small"
      style={{ minWidth: 200 }}
    >
      {completed.map(b => (
        <MenuItem key={b.id} value={b.id}>
          #{b.id} ({b.scheduledOn.slice(0, 10)})
        </MenuItem>
      ))}
    </TextField>
  );
  return (
    <BuildDialog title="Compare builds" onClose={props.onClose}>
      <div className={classes.pickers}>
        {picker('From build', from, setFrom)}
        {picker('To build', to, setTo)}
      </div>
      {from === undefined && (
        <Alert severity="info">
          This environment has one completed build: there is nothing to compare
          it with yet.
        </Alert>
      )}
      {from !== undefined && from === to && (
        <Alert severity="info">Choose two different builds.</Alert>
      )}
      {diff.loading && <Progress />}
      {diff.error && <ResponseErrorPanel error={diff.error} />}
      {diff.value && (
        <EnvironmentDiffTable
          diff={diff.value.diff}
          title={`From build #${diff.value.from} to #${diff.value.to}`}
        />
      )}
    </BuildDialog>
  );
}
