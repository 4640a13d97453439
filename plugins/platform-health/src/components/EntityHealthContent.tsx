import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  platformClusterReadPermission,
  type ServiceAlert,
  type ServiceHealth,
  type ServiceMetric,
  type WorkloadHealth,
} from '@internal/plugin-platform-health-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { platformHealthApiRef } from '../api';
import { FreshnessText, SimulatedChip, StateChip } from './common';
import { formatPercent } from './format';
import { ServicePods } from './ServicePods';
import { HistorySection } from './HistorySection';
import { tableOptions } from '@internal/frontend-kit';

const workloadColumns: TableColumn<WorkloadHealth>[] = [
  { title: 'Workload', field: 'name', highlight: true },
  { title: 'Kind', field: 'kind' },
  { title: 'Namespace', field: 'namespace' },
  { title: 'Cluster', field: 'cluster' },
  {
    title: 'Ready',
    render: w => `${w.ready} / ${w.desired}`,
  },
];

const alertColumns: TableColumn<ServiceAlert>[] = [
  { title: 'Alert', field: 'name', highlight: true },
  { title: 'State', field: 'state' },
  { title: 'Severity', field: 'severity' },
  { title: 'Summary', field: 'summary' },
  { title: 'Since', field: 'activeAt' },
];

function MetricLine(props: {
  label: string;
  metric?: ServiceMetric;
  format(value: number): string;
}) {
  const { metric } = props;
  if (!metric) return null;
  return (
    <Box mb={1}>
      <Typography variant="body1">
        {props.label}:{' '}
        <b>
          {metric.value === undefined ? 'no data' : props.format(metric.value)}
        </b>
      </Typography>
      <Typography variant="caption" color="textSecondary" component="div">
        <code>{metric.query}</code> ·{' '}
        <FreshnessText freshness={metric.freshness} />
      </Typography>
    </Box>
  );
}

function HealthView(props: { health: ServiceHealth; operator: boolean }) {
  const { health } = props;
  const { availability, latencyP95Seconds, errorRate } = health.metrics;
  const hasMetrics = availability || latencyP95Seconds || errorRate;
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={6}>
        <InfoCard title="Health">
          <Box display="flex" alignItems="center" gridGap={8} mb={1}>
            <StateChip state={health.state} />
            {health.clusters.map(c => (
              <span key={c.name}>
                <Typography variant="caption">cluster {c.name} </Typography>
                <SimulatedChip simulated={c.simulated} />{' '}
                <FreshnessText freshness={c.freshness} />
              </span>
            ))}
          </Box>
          {health.reasons.map((r, i) => (
            <Typography key={i} variant="body1" data-testid="health-reason">
              {r}
            </Typography>
          ))}
          {health.notes.map((n, i) => (
            <Typography key={i} variant="body2" color="textSecondary">
              {n}
            </Typography>
          ))}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Checks">
          {health.probe ? (
            <Typography variant="body1">
              Health check <code>{health.probe.url}</code>:{' '}
              <b>
                {health.probe.ok
                  ? `up, HTTP ${health.probe.status} in ${health.probe.durationMs} ms`
                  : `failed: ${health.probe.error}`}
              </b>
            </Typography>
          ) : (
            <Typography variant="body2" color="textSecondary">
              No health URL (annotation atrium.io/health-url).
            </Typography>
          )}
          <MetricLine
            label="Availability"
            metric={availability}
            format={formatPercent}
          />
          <MetricLine
            label="p95 latency"
            metric={latencyP95Seconds}
            format={v =>
              v >= 1 ? `${v.toFixed(2)} s` : `${Math.round(v * 1000)} ms`
            }
          />
          <MetricLine
            label="Error rate"
            metric={errorRate}
            format={formatPercent}
          />
          {!hasMetrics && (
            <Typography variant="body2" color="textSecondary">
              No Prometheus queries (annotations
              atrium.io/prometheus-availability, -latency-p95, -error-rate).
            </Typography>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <ServicePods health={health} showLogs={props.operator} />
      </Grid>
      <Grid item xs={12}>
        <Table<WorkloadHealth>
          title="Workloads"
          options={tableOptions({ paging: false, search: false })}
          columns={workloadColumns}
          data={health.workloads}
          emptyContent={
            <div style={{ padding: 16 }}>
              No Deployment or StatefulSet found (annotation
              backstage.io/kubernetes-id or
              backstage.io/kubernetes-label-selector).
            </div>
          }
        />
      </Grid>
      {(health.alerts.length > 0 || health.alertsFreshness) && (
        <Grid item xs={12}>
          <Table<ServiceAlert>
            title="Prometheus alerts"
            subtitle={
              health.alertsFreshness
                ? undefined
                : 'no alert selector (annotation atrium.io/prometheus-alerts)'
            }
            options={tableOptions({ paging: false, search: false })}
            columns={alertColumns}
            data={health.alerts}
            emptyContent={
              <div style={{ padding: 16 }}>No alert is pending or firing.</div>
            }
          />
        </Grid>
      )}
    </Grid>
  );
}

/** The Health tab of a platform component. */
export function EntityHealthContent() {
  const { entity } = useEntity();
  const api = useApi(platformHealthApiRef);
  // Pod logs are what the cluster permission guards (DevOps and admins).
  const { allowed: operator } = usePermission({
    permission: platformClusterReadPermission,
  });
  const namespace = entity.metadata.namespace ?? 'default';
  const health = useAsyncRetry(
    () => api.getServiceHealth(namespace, entity.metadata.name),
    [api, namespace, entity.metadata.name],
  );
  useInterval(() => health.retry(), 30_000);
  if (health.loading && !health.value) return <Progress />;
  if (health.error && !health.value)
    return <ResponseErrorPanel error={health.error} />;
  return (
    <>
      {health.error && (
        <Alert severity="warning">
          Could not refresh: {health.error.message}
        </Alert>
      )}
      {health.value && <HealthView health={health.value} operator={operator} />}
      <Box mt={2}>
        <HistorySection
          subject={`${namespace}/${entity.metadata.name}`}
          load={window =>
            api.getServiceHistory(namespace, entity.metadata.name, window)
          }
        />
      </Box>
    </>
  );
}
