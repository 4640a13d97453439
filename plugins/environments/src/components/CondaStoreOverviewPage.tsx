import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  Content,
  ContentHeader,
  Progress,
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { tableOptions } from '@internal/frontend-kit';
import { parseEntityRef } from '@backstage/catalog-model';
import type {
  CondaStoreBuildInUse,
  CondaStoreFailedBuild,
  CondaStoreIdleEnvironment,
  CondaStoreNamespaceUsage,
} from '@internal/plugin-environments-common';
import useAsync from 'react-use/esm/useAsync';
import { condaStoreBuildsApiRef } from '../api';
import { BuildLogDialog } from './CondaStoreBuildDialogs';

// conda-store dates are naive UTC (pydantic dumps them without a zone).
const day = (date?: string) => (date ? date.slice(0, 10) : '—');

export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 40) return `${(bytes / 2 ** 40).toFixed(1)} TiB`;
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  if (bytes >= 2 ** 20) return `${Math.round(bytes / 2 ** 20)} MiB`;
  return bytes ? `${Math.round(bytes / 1024)} KiB` : '0';
}

const namespaceColumns: TableColumn<CondaStoreNamespaceUsage>[] = [
  { title: 'Namespace', field: 'namespace', highlight: true },
  { title: 'Environments', field: 'environments', type: 'numeric' },
  { title: 'Builds', field: 'builds', type: 'numeric' },
  { title: 'Failed builds', field: 'failedBuilds', type: 'numeric' },
  {
    title: 'Disk',
    field: 'storageBytes',
    type: 'numeric',
    defaultSort: 'desc',
    render: n => formatBytes(n.storageBytes),
  },
];

const idleColumns: TableColumn<CondaStoreIdleEnvironment>[] = [
  { title: 'Namespace', field: 'namespace' },
  { title: 'Environment', field: 'environment', highlight: true },
  {
    title: 'Current build',
    field: 'currentBuildId',
    render: e => `#${e.currentBuildId}`,
  },
  {
    title: 'Last built (UTC)',
    field: 'lastBuiltOn',
    render: e => day(e.lastBuiltOn),
  },
];

const entityName = (ref: string) => parseEntityRef(ref).name;

const inUseColumns: TableColumn<CondaStoreBuildInUse>[] = [
  { title: 'Build', field: 'buildId', render: b => `#${b.buildId}` },
  { title: 'Namespace', field: 'namespace' },
  { title: 'Environment', field: 'environment', highlight: true },
  {
    title: 'Running workspaces',
    sorting: false,
    render: b =>
      b.running.length
        ? b.running.map(w => `${entityName(w.owner)}/${w.name}`).join(', ')
        : '—',
  },
  {
    title: 'Projects',
    sorting: false,
    render: b => b.projects.map(entityName).join(', ') || '—',
  },
  {
    title: 'Last used (UTC)',
    field: 'lastUsedAt',
    defaultSort: 'desc',
    render: b => b.lastUsedAt.slice(0, 16).replace('T', ' '),
  },
];

/**
 * conda-store's sprawl for DevOps and admins: environments, builds, failures and disk
 * per namespace, the newest failed builds (with their logs), the builds workspaces used
 * and the environments no workspace used for 90 days (when the workspaces backend
 * cannot say, those nothing rebuilt), each table sortable and searchable.
 */
export function CondaStoreOverviewPage() {
  const api = useApi(condaStoreBuildsApiRef);
  const overview = useAsync(() => api.getOverview(), [api]);
  const [logOf, setLogOf] = useState<number | undefined>();
  const failedColumns: TableColumn<CondaStoreFailedBuild>[] = [
    { title: 'Build', field: 'id', type: 'numeric', render: b => `#${b.id}` },
    { title: 'Namespace', field: 'namespace' },
    { title: 'Environment', field: 'environment', highlight: true },
    {
      title: 'Scheduled (UTC)',
      field: 'scheduledOn',
      render: b => day(b.scheduledOn),
    },
    {
      title: 'Log',
      sorting: false,
      render: b => (
        <Button
          size="small"
          aria-label={`Log of build ${b.id}`}
          onClick={() => setLogOf(b.id)}
        >
          Log
        </Button>
      ),
    },
  ];
  if (overview.loading) return <Progress />;
  if (overview.error) {
    return (
      <Content>
        <ResponseErrorPanel error={overview.error} />
      </Content>
    );
  }
  const data = overview.value!;
  const usageKnown = data.workspaceUsage.known;
  const idleWhat = usageKnown
    ? `no workspace used in ${data.idleDays} days`
    : `not rebuilt in ${data.idleDays} days`;
  const totals = data.namespaces.reduce(
    (sum, n) => ({
      environments: sum.environments + n.environments,
      builds: sum.builds + n.builds,
      bytes: sum.bytes + n.storageBytes,
    }),
    { environments: 0, builds: 0, bytes: 0 },
  );
  return (
    <Content>
      <ContentHeader title="conda-store">
        <Typography variant="body2" color="textSecondary">
          {data.url}
        </Typography>
      </ContentHeader>
      <Typography variant="body1" paragraph>
        {totals.environments} environments with {totals.builds} builds in{' '}
        {data.namespaces.length} namespaces use {formatBytes(totals.bytes)};{' '}
        {data.failedBuilds.length} failed builds; {data.idleEnvironments.length}{' '}
        environments {idleWhat}.
      </Typography>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <Table<CondaStoreNamespaceUsage>
            title="Namespaces"
            columns={namespaceColumns}
            data={data.namespaces}
            options={tableOptions({ paging: false, search: true })}
          />
        </Grid>
        <Grid item xs={12}>
          <Table<CondaStoreFailedBuild>
            title="Failed builds, newest first"
            columns={failedColumns}
            data={data.failedBuilds}
            options={tableOptions({
              paging: data.failedBuilds.length > 20,
              pageSize: 20,
              search: true,
            })}
          />
        </Grid>
        {usageKnown && (
          <Grid item xs={12}>
            <Table<CondaStoreBuildInUse>
              title={`Builds workspaces used in ${data.idleDays} days`}
              columns={inUseColumns}
              data={data.buildsInUse}
              options={tableOptions({
                paging: data.buildsInUse.length > 20,
                pageSize: 20,
                search: true,
              })}
            />
          </Grid>
        )}
        <Grid item xs={12}>
          {!usageKnown && (
            <Alert severity="info" style={{ marginBottom: 8 }}>
              Listed by build dates only: an environment here may still be used
              by workspaces. {data.workspaceUsage.reason}.
            </Alert>
          )}
          <Table<CondaStoreIdleEnvironment>
            title={`Environments ${idleWhat}`}
            columns={idleColumns}
            data={data.idleEnvironments}
            options={tableOptions({
              paging: data.idleEnvironments.length > 20,
              pageSize: 20,
              search: true,
            })}
            emptyContent={
              <Typography variant="body2" style={{ padding: 16 }}>
                {usageKnown
                  ? `Workspaces used every environment in the last ${data.idleDays} days.`
                  : `Every environment has a build from the last ${data.idleDays} days.`}
              </Typography>
            }
          />
        </Grid>
      </Grid>
      {logOf !== undefined && (
        <BuildLogDialog buildId={logOf} onClose={() => setLogOf(undefined)} />
      )}
    </Content>
  );
}
