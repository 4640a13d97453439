import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import { AsyncContent, couldNotLoad } from '@internal/frontend-kit';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  ClusterOverview,
  ServiceHealth,
  ServiceState,
} from '@internal/plugin-platform-health-common';
import type { ReactNode } from 'react';
import { platformHealthApiRef } from '../../api';
import { FreshnessText, SimulatedChip, StateChip } from '../common';
import { formatBytes, formatCores, formatPercent } from '../format';

const SEVERITY: Record<ServiceState, number> = {
  down: 0,
  degraded: 1,
  unknown: 2,
  healthy: 3,
};

const RETRY_HINT =
  "Retry; if it keeps failing, the platform-health backend's log says why.";

/** Services that are not healthy, worst first, with why. */
export function UnhealthyServicesHomeContent() {
  const api = useApi(platformHealthApiRef);
  const services = useAsyncRetry(() => api.listServices(), [api]);
  return (
    <AsyncContent
      state={services}
      failureTitle={couldNotLoad("the platform's services")}
      failureHint={RETRY_HINT}
    >
      {list => {
        const unhealthy = list
          .filter(s => s.state !== 'healthy')
          .sort((a, b) => SEVERITY[a.state] - SEVERITY[b.state]);
        return (
          <>
            {unhealthy.length === 0 && (
              <Typography variant="body2">
                All {list.length} platform services are healthy.
              </Typography>
            )}
            {unhealthy.map(s => (
              <Box key={s.entityRef} mb={1}>
                <Box display="flex" alignItems="center" gridGap={8}>
                  <StateChip state={s.state} />
                  <Link to="/platform-status">{s.title}</Link>
                </Box>
                <Typography variant="caption" color="textSecondary">
                  {s.reasons.slice(0, 2).join('; ')}
                </Typography>
              </Box>
            ))}
            <StaleClusters services={list} />
          </>
        );
      }}
    </AsyncContent>
  );
}

function StaleClusters(props: { services: ServiceHealth[] }) {
  const stale = new Map<string, ServiceHealth['clusters'][number]>();
  for (const s of props.services) {
    for (const c of s.clusters) if (c.freshness.stale) stale.set(c.name, c);
  }
  return (
    <>
      {[...stale.values()].map(c => (
        <FreshnessText
          key={c.name}
          freshness={c.freshness}
          label={`Cluster ${c.name}`}
        />
      ))}
    </>
  );
}

/** Alerts firing for any platform service. */
export function FiringAlertsHomeContent() {
  const api = useApi(platformHealthApiRef);
  const services = useAsyncRetry(() => api.listServices(), [api]);
  return (
    <AsyncContent
      state={services}
      failureTitle={couldNotLoad('the alerts')}
      failureHint={RETRY_HINT}
    >
      {list => {
        const firing = list.flatMap(s =>
          s.alerts
            .filter(a => a.state === 'firing')
            .map(a => ({ ...a, service: s.title })),
        );
        const freshness = list.find(s => s.alertsFreshness)?.alertsFreshness;
        return (
          <>
            {firing.length === 0 && (
              <Typography variant="body2">No alert is firing.</Typography>
            )}
            {firing.map(a => (
              <Typography key={`${a.service}/${a.name}`} variant="body2">
                <strong>{a.name}</strong> ({a.severity ?? 'no severity'}) on{' '}
                {a.service}
                {a.summary ? `: ${a.summary}` : ''}
              </Typography>
            ))}
            {freshness?.stale && (
              <FreshnessText freshness={freshness} label="Alerts" />
            )}
          </>
        );
      }}
    </AsyncContent>
  );
}

/** Every cluster's overview (nodes, capacity, problem pods), from the warm caches. */
function useClusterOverviews() {
  const api = useApi(platformHealthApiRef);
  return useAsyncRetry(async () => {
    const clusters = await api.listClusters();
    return Promise.all(clusters.map(c => api.getClusterOverview(c.name)));
  }, [api]);
}

function ClusterHeading(props: { overview: ClusterOverview }) {
  const { cluster } = props.overview;
  return (
    <Box display="flex" alignItems="center" gridGap={8}>
      <Typography variant="subtitle2">{cluster.title}</Typography>
      <SimulatedChip simulated={cluster.simulated} />
    </Box>
  );
}

/**
 * Each cluster's overview under its title, with its staleness: what the problem-pods
 * and capacity widgets share; `body` renders one cluster's part.
 */
function PerCluster(props: { body: (overview: ClusterOverview) => ReactNode }) {
  const overviews = useClusterOverviews();
  return (
    <AsyncContent
      state={overviews}
      failureTitle={couldNotLoad('the clusters')}
      failureHint={RETRY_HINT}
    >
      {list => (
        <>
          {list.length === 0 && (
            <Typography variant="body2">No cluster is configured.</Typography>
          )}
          {list.map(o => (
            <Box key={o.cluster.name} mb={1}>
              <ClusterHeading overview={o} />
              {props.body(o)}
              {o.cluster.freshness.stale && (
                <FreshnessText freshness={o.cluster.freshness} />
              )}
            </Box>
          ))}
        </>
      )}
    </AsyncContent>
  );
}

/** Pods that crash, cannot be scheduled or pulled, across clusters (DevOps). */
export function ProblemPodsHomeContent(props: { limit?: number }) {
  const limit = props.limit ?? 5;
  return (
    <PerCluster
      body={o => (
        <>
          {o.problemPodsTotal === 0 && (
            <Typography variant="body2">No problem pods.</Typography>
          )}
          {o.problemPods.slice(0, limit).map(p => (
            <Typography key={`${p.namespace}/${p.name}`} variant="body2">
              {p.namespace}/{p.name}: <strong>{p.reason}</strong>
              {p.severity === 'warning' ? ' (warning)' : ''}
              {p.restarts > 0 ? ` (${p.restarts} restarts)` : ''}
            </Typography>
          ))}
          {o.problemPodsTotal > limit && (
            <Typography variant="caption" color="textSecondary">
              and {o.problemPodsTotal - limit} more
            </Typography>
          )}
        </>
      )}
    />
  );
}

/** Requested and used CPU and memory against what the nodes offer (DevOps). */
export function ClusterCapacityHomeContent() {
  return (
    <PerCluster
      body={({ totals }) => {
        const cpu = totals.requested.cpu / (totals.allocatable.cpu || 1);
        const memory =
          totals.requested.memoryBytes / (totals.allocatable.memoryBytes || 1);
        return (
          <>
            <Typography variant="body2">
              Nodes ready: {totals.readyNodes} of {totals.nodes}
            </Typography>
            <Typography variant="body2">
              CPU requested: {formatCores(totals.requested.cpu)} of{' '}
              {formatCores(totals.allocatable.cpu)} ({formatPercent(cpu)})
              {totals.used && `, in use ${formatCores(totals.used.cpu)}`}
            </Typography>
            <Typography variant="body2">
              Memory requested: {formatBytes(totals.requested.memoryBytes)} of{' '}
              {formatBytes(totals.allocatable.memoryBytes)} (
              {formatPercent(memory)})
              {totals.used &&
                `, in use ${formatBytes(totals.used.memoryBytes)}`}
            </Typography>
          </>
        );
      }}
    />
  );
}
