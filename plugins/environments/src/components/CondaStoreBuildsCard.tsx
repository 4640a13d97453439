import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import { tableOptions } from '@internal/frontend-kit';
import { useEntity } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  CondaStoreBuildSummary,
  CondaStoreBuildUsage,
  CondaStoreEntitySpec,
} from '@internal/plugin-environments-common';
import useAsync from 'react-use/esm/useAsync';
import { condaStoreBuildsApiRef } from '../api';
import {
  BuildLogDialog,
  BuildPackagesDialog,
  CompareBuildsDialog,
} from './CondaStoreBuildDialogs';

const useStyles = makeStyles(theme => ({
  COMPLETED: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.common.white,
  },
  FAILED: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.common.white,
  },
  BUILDING: {
    backgroundColor: theme.palette.info.main,
    color: theme.palette.common.white,
  },
  QUEUED: {},
  CANCELED: {},
  // Stacked, so that the table fits a half-width card without scrolling sideways.
  details: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
  },
  detail: { minWidth: 0, padding: theme.spacing(0, 0.5) },
  failure: {
    whiteSpace: 'pre-wrap',
    fontFamily: 'monospace',
    fontSize: theme.typography.body2.fontSize,
    margin: 0,
  },
}));

/** A build queued longer than this is most likely stuck (conda-store's workers down). */
const STUCK_AFTER_MS = 10 * 60_000;

// conda-store dates are naive UTC (pydantic dumps them without a zone).
const utc = (date: string) =>
  new Date(/Z|[+-]\d\d:\d\d$/.test(date) ? date : `${date}Z`);
const formatDate = (date?: string) =>
  date ? utc(date).toISOString().slice(0, 16).replace('T', ' ') : '—';

function duration(build: CondaStoreBuildSummary): string {
  if (!build.startedOn || !build.endedOn) return '—';
  const seconds = Math.round(
    (utc(build.endedOn).getTime() - utc(build.startedOn).getTime()) / 1000,
  );
  return seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}

function size(bytes: number): string {
  if (!bytes) return '—';
  return bytes >= 2 ** 30
    ? `${(bytes / 2 ** 30).toFixed(1)} GiB`
    : `${Math.round(bytes / 2 ** 20)} MiB`;
}

const STATUS_LABEL: Record<CondaStoreBuildSummary['status'], string> = {
  QUEUED: 'queued',
  BUILDING: 'building',
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELED: 'canceled',
};

/** "used by 2 running workspaces; projects in 90 days: cats-vs-dogs, retina-scan" */
function usageLine(
  usage: CondaStoreBuildUsage | undefined,
): string | undefined {
  if (!usage || (!usage.runningWorkspaces && usage.projects.length === 0)) {
    return undefined;
  }
  const n = usage.runningWorkspaces;
  const projects = usage.projects.map(ref => parseEntityRef(ref).name);
  return `used by ${n} running workspace${n === 1 ? '' : 's'}${
    projects.length ? `; projects in 90 days: ${projects.join(', ')}` : ''
  }`;
}

/**
 * The builds of an environment conda-store provides, newest first, with their status;
 * the newest failed build's reason (the solver's message picked out of its log); a
 * warning when a build has waited in conda-store's queue for long; per build, how many
 * running workspaces and which projects use it.
 */
export function CondaStoreBuildsCard() {
  const classes = useStyles();
  const { entity } = useEntity();
  const api = useApi(condaStoreBuildsApiRef);
  // Which build's log, packages or comparison is open (one dialog at a time).
  const [open, setOpen] = useState<
    { view: 'log' | 'packages' | 'compare'; buildId: number } | undefined
  >();
  const condaStore = entity.spec?.condaStore as unknown as
    | CondaStoreEntitySpec
    | undefined;
  const buildIds = Array.isArray(condaStore?.builds)
    ? condaStore!.builds.map(b => b.id).join(',')
    : '';
  const usage = useAsync(
    async () =>
      buildIds ? api.getBuildUsage(buildIds.split(',').map(Number)) : undefined,
    [api, buildIds],
  );
  const usageOf = new Map(
    (usage.value?.items ?? []).map(u => [u.buildId, usageLine(u)]),
  );
  if (!condaStore || !Array.isArray(condaStore.builds)) {
    return (
      <InfoCard title="conda-store builds">
        <Alert severity="info">This environment is not from conda-store.</Alert>
      </InfoCard>
    );
  }
  const failed = condaStore.builds.find(b => b.status === 'FAILED');
  const failedIsNewest = failed && failed.id === condaStore.builds[0]?.id;
  const stuck = condaStore.builds.find(
    b =>
      b.status === 'QUEUED' &&
      Date.now() - utc(b.scheduledOn).getTime() > STUCK_AFTER_MS,
  );
  const columns: TableColumn<CondaStoreBuildSummary>[] = [
    {
      title: 'Build',
      render: b => (
        <>
          {b.id === condaStore.currentBuildId
            ? `#${b.id} (current)`
            : `#${b.id}`}
          {usageOf.get(b.id) && (
            <Typography variant="caption" display="block" color="textSecondary">
              {usageOf.get(b.id)}
            </Typography>
          )}
        </>
      ),
    },
    {
      title: 'Status',
      render: b => (
        <Chip
          size="small"
          label={STATUS_LABEL[b.status] ?? b.status}
          className={classes[b.status]}
        />
      ),
    },
    { title: 'Scheduled (UTC)', render: b => formatDate(b.scheduledOn) },
    { title: 'Took', render: duration },
    { title: 'Size', render: b => size(b.size) },
    {
      title: 'Details',
      cellStyle: { whiteSpace: 'nowrap' },
      render: b => (
        <div className={classes.details}>
          <Button
            size="small"
            className={classes.detail}
            aria-label={`Log of build ${b.id}`}
            onClick={() => setOpen({ view: 'log', buildId: b.id })}
          >
            Log
          </Button>
          {b.status === 'COMPLETED' && (
            <>
              <Button
                size="small"
                className={classes.detail}
                aria-label={`Packages of build ${b.id}`}
                onClick={() => setOpen({ view: 'packages', buildId: b.id })}
              >
                Packages
              </Button>
              <Button
                size="small"
                className={classes.detail}
                aria-label={`Compare build ${b.id}`}
                onClick={() => setOpen({ view: 'compare', buildId: b.id })}
              >
                Compare
              </Button>
            </>
          )}
        </div>
      ),
    },
  ];
  // Narrow cell padding: seven columns fit a half-width card without scrolling sideways.
  const compactColumns = columns.map(column => ({
    ...column,
    headerStyle: { paddingLeft: 8, paddingRight: 8 },
    cellStyle: {
      paddingLeft: 8,
      paddingRight: 8,
      ...(column.cellStyle as object | undefined),
    },
  }));
  const close = () => setOpen(undefined);
  return (
    <InfoCard
      title="conda-store builds"
      subheader={`${condaStore.namespace}/${condaStore.environment}: ${
        condaStore.buildCount
      } build${condaStore.buildCount === 1 ? '' : 's'}${
        condaStore.buildCount > condaStore.builds.length
          ? `, the newest ${condaStore.builds.length} shown`
          : ''
      }`}
    >
      {stuck && (
        <Alert severity="warning">
          Build #{stuck.id} has been queued since{' '}
          {formatDate(stuck.scheduledOn)} UTC: conda-store's workers may be down
          or busy. Ask the platform team to check conda-store's worker.
        </Alert>
      )}
      {failed && (
        <Alert severity={failedIsNewest ? 'error' : 'info'}>
          <AlertTitle>
            Build #{failed.id} failed
            {failed.solverFailure
              ? ': the solver could not resolve the specification'
              : ''}
            {failedIsNewest
              ? ''
              : ` (the current build is #${condaStore.currentBuildId})`}
          </AlertTitle>
          {failed.failure ? (
            <pre
              className={classes.failure}
              aria-label={`Why build ${failed.id} failed`}
            >
              {failed.failure}
            </pre>
          ) : (
            <Typography variant="body2">
              conda-store's log of this build could not be read.
            </Typography>
          )}
        </Alert>
      )}
      <Table<CondaStoreBuildSummary>
        options={tableOptions<CondaStoreBuildSummary>({
          paging: false,
          search: false,
          toolbar: false,
        })}
        columns={compactColumns}
        data={condaStore.builds}
      />
      {(usage.error || usage.value?.workspaceUsage.known === false) && (
        <Typography variant="caption" color="textSecondary">
          Which workspaces use these builds is not known:{' '}
          {usage.error?.message ?? usage.value?.workspaceUsage.reason}
        </Typography>
      )}
      {open?.view === 'log' && (
        <BuildLogDialog buildId={open.buildId} onClose={close} />
      )}
      {open?.view === 'packages' && (
        <BuildPackagesDialog buildId={open.buildId} onClose={close} />
      )}
      {open?.view === 'compare' && (
        <CompareBuildsDialog
          builds={condaStore.builds}
          initialTo={open.buildId}
          onClose={close}
        />
      )}
    </InfoCard>
  );
}
