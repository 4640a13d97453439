import { useEffect, useState } from 'react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  ClusterOverview,
  KubeEventSummary,
  NamespaceUsage,
  NodeHealth,
} from '@internal/plugin-platform-health-common';
import useAsync from 'react-use/esm/useAsync';
import useInterval from 'react-use/esm/useInterval';
import { platformHealthApiRef } from '../api';
import { FreshnessText, SimulatedChip } from './common';
import {
  formatBytes,
  formatCores,
  formatPercent,
  describeFreshness,
} from './format';
import { ProblemPodsTable } from './ProblemPodsTable';
import { HistorySection } from './HistorySection';
import { tableOptions } from '@internal/frontend-kit';

const REFRESH_MS = 15_000;

function Usage(props: {
  /** The bar's accessible name, e.g. "CPU requested on node-1". */
  label: string;
  used?: number;
  of: number;
  format(n: number): string;
}) {
  if (props.used === undefined) return <>–</>;
  const ratio = props.of > 0 ? props.used / props.of : 0;
  return (
    <Box minWidth={110}>
      <Typography variant="body2">
        {props.format(props.used)} / {props.format(props.of)} (
        {formatPercent(ratio)})
      </Typography>
      <LinearProgress
        variant="determinate"
        value={Math.min(100, ratio * 100)}
        aria-label={props.label}
        color={ratio > 0.9 ? 'secondary' : 'primary'}
      />
    </Box>
  );
}

const nodeColumns: TableColumn<NodeHealth>[] = [
  { title: 'Node', field: 'name', highlight: true },
  {
    title: 'Status',
    field: 'ready',
    render: n =>
      n.ready ? 'Ready' : `Not ready${n.reason ? `: ${n.reason}` : ''}`,
  },
  {
    title: 'CPU requested',
    render: n => (
      <Usage
        label={`CPU requested on ${n.name}`}
        used={n.requested.cpu}
        of={n.allocatable.cpu}
        format={formatCores}
      />
    ),
  },
  {
    title: 'CPU used',
    render: n => (
      <Usage
        label={`CPU used on ${n.name}`}
        used={n.used?.cpu}
        of={n.allocatable.cpu}
        format={formatCores}
      />
    ),
  },
  {
    title: 'Memory requested',
    render: n => (
      <Usage
        label={`Memory requested on ${n.name}`}
        used={n.requested.memoryBytes}
        of={n.allocatable.memoryBytes}
        format={formatBytes}
      />
    ),
  },
  {
    title: 'Memory used',
    render: n => (
      <Usage
        label={`Memory used on ${n.name}`}
        used={n.used?.memoryBytes}
        of={n.allocatable.memoryBytes}
        format={formatBytes}
      />
    ),
  },
  { title: 'Pods', field: 'pods', type: 'numeric' },
];

const eventColumns: TableColumn<KubeEventSummary>[] = [
  {
    title: 'When',
    field: 'lastSeen',
    render: e => e.lastSeen?.replace('T', ' ').slice(0, 19),
  },
  {
    title: 'Object',
    render: e =>
      `${e.kind ?? ''} ${e.namespace ? `${e.namespace}/` : ''}${e.name ?? ''}`,
  },
  { title: 'Reason', field: 'reason' },
  { title: 'Message', field: 'message' },
  { title: 'Count', field: 'count', type: 'numeric' },
];

const namespaceColumns: TableColumn<NamespaceUsage>[] = [
  { title: 'Namespace', field: 'name', highlight: true },
  { title: 'Pods', field: 'pods', type: 'numeric' },
  { title: 'CPU requested', render: ns => formatCores(ns.requested.cpu) },
  {
    title: 'Memory requested',
    render: ns => formatBytes(ns.requested.memoryBytes),
  },
  {
    title: 'Quota',
    render: ns =>
      ns.quotas.length === 0
        ? 'no ResourceQuota'
        : ns.quotas.map(q => (
            <div key={`${q.quota}/${q.resource}`}>
              {q.resource}: {q.used} of {q.hard}
              {q.ratio !== undefined ? ` (${formatPercent(q.ratio)})` : ''}
            </div>
          )),
  },
];

function Overview(props: { overview: ClusterOverview }) {
  const { overview } = props;
  const { cluster, totals } = overview;
  return (
    <Grid container spacing={2}>
      {cluster.freshness.stale && (
        <Grid item xs={12}>
          <Alert severity="warning" data-testid="cluster-stale">
            Showing the last known state of {cluster.title}:{' '}
            {describeFreshness(cluster.freshness)}
          </Alert>
        </Grid>
      )}
      <Grid item xs={12} md={4}>
        <InfoCard title="Nodes">
          <Typography variant="h4">
            {totals.readyNodes} / {totals.nodes} ready
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {formatCores(totals.allocatable.cpu)} cores,{' '}
            {formatBytes(totals.allocatable.memoryBytes)} allocatable
          </Typography>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard title="Requested / used">
          <Usage
            label="CPU requested in the cluster"
            used={totals.requested.cpu}
            of={totals.allocatable.cpu}
            format={formatCores}
          />
          <Usage
            label="Memory requested in the cluster"
            used={totals.requested.memoryBytes}
            of={totals.allocatable.memoryBytes}
            format={formatBytes}
          />
          <Typography variant="body2" color="textSecondary">
            {totals.used
              ? `in use: ${formatCores(totals.used.cpu)} cores, ${formatBytes(
                  totals.used.memoryBytes,
                )}`
              : `no usage: ${
                  overview.metrics.error ?? 'metrics.k8s.io not loaded yet'
                }`}
          </Typography>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard title="Pods">
          <Typography variant="h4">{cluster.pods.total}</Typography>
          <Typography variant="body2" color="textSecondary">
            {Object.entries(overview.podsByPhase)
              .map(([phase, n]) => `${n} ${phase}`)
              .join(', ')}
          </Typography>
          <Typography variant="body2">
            {overview.problemPodsTotal} need attention
          </Typography>
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <ProblemPodsTable
          pods={overview.problemPods}
          total={overview.problemPodsTotal}
          showLogs
        />
      </Grid>
      <Grid item xs={12}>
        <Table<NodeHealth>
          title={`Nodes (${overview.nodes.length})`}
          options={tableOptions({
            paging: overview.nodes.length > 20,
            pageSize: 20,
            search: true,
          })}
          columns={nodeColumns}
          data={overview.nodes}
        />
      </Grid>
      <Grid item xs={12}>
        <Table<KubeEventSummary>
          title="Latest warning events"
          options={tableOptions({ paging: false, search: false })}
          columns={eventColumns}
          data={overview.warningEvents}
          emptyContent={<div style={{ padding: 16 }}>No warning events.</div>}
        />
      </Grid>
      <Grid item xs={12}>
        <Table<NamespaceUsage>
          title="Namespaces and quotas"
          options={tableOptions({
            paging: overview.namespaces.length > 20,
            pageSize: 20,
            search: true,
          })}
          columns={namespaceColumns}
          data={overview.namespaces}
        />
      </Grid>
    </Grid>
  );
}

/** The overview of one cluster (a picker when several are configured), refreshed every 15 s. */
export function ClusterOverviewPanel() {
  const api = useApi(platformHealthApiRef);
  const clusters = useAsync(() => api.listClusters(), [api]);
  const [selected, setSelected] = useState<string>();
  const [tick, setTick] = useState(0);
  useInterval(() => setTick(t => t + 1), REFRESH_MS);
  useEffect(() => {
    if (!selected && clusters.value?.length)
      setSelected(clusters.value[0].name);
  }, [clusters.value, selected]);
  const overview = useAsync(
    async () => (selected ? api.getClusterOverview(selected) : undefined),
    [api, selected, tick],
  );
  // Keep showing the previous overview while a refresh loads.
  const [shown, setShown] = useState<ClusterOverview>();
  useEffect(() => {
    if (overview.value) setShown(overview.value);
  }, [overview.value]);

  if (clusters.loading) return <Progress />;
  if (clusters.error) return <ResponseErrorPanel error={clusters.error} />;
  if (!clusters.value?.length) {
    return (
      <EmptyState
        missing="info"
        title="No cluster is configured"
        description="Add your clusters under platformHealth.clusters in app-config.yaml (kubeconfig, inCluster, or url + token)."
      />
    );
  }
  const current = clusters.value.find(c => c.name === selected);
  return (
    <Box>
      <Box display="flex" alignItems="center" mb={2} gridGap={16}>
        {clusters.value.length > 1 && (
          <TextField
            select
            label="Cluster"
            value={selected ?? ''}
            onChange={e => setSelected(e.target.value)}
            variant="outlined"
            size="small"
          >
            {clusters.value.map(c => (
              <MenuItem key={c.name} value={c.name}>
                {c.title}
              </MenuItem>
            ))}
          </TextField>
        )}
        <Typography variant="h6" data-testid="cluster-title">
          {shown?.cluster.title ?? current?.title}
        </Typography>
        <SimulatedChip simulated={!!current?.simulated} />
        {shown && <FreshnessText freshness={shown.cluster.freshness} />}
      </Box>
      {overview.error && <ResponseErrorPanel error={overview.error} />}
      {shown ? <Overview overview={shown} /> : overview.loading && <Progress />}
      {selected && (
        <Box mt={2}>
          <HistorySection
            title="Cluster history"
            subject={selected}
            load={window => api.getClusterHistory(selected, window)}
          />
        </Box>
      )}
    </Box>
  );
}
