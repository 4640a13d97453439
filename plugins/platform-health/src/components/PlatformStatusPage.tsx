import { useEffect, useState } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  Content,
  ContentHeader,
  Progress,
  ResponseErrorPanel,
  TabbedLayout,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import useInterval from 'react-use/esm/useInterval';
import { platformHealthApiRef } from '../api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  platformClusterReadPermission,
  type ServiceHealth,
} from '@internal/plugin-platform-health-common';
import { AlertHistoryTable } from './AlertHistoryTable';
import { ClusterOverviewPanel } from './ClusterOverviewPanel';
import { ServicesTable } from './ServicesTable';

const REFRESH_MS = 30_000;

function summary(services: ServiceHealth[]) {
  const count = (state: string) =>
    services.filter(s => s.state === state).length;
  const down = count('down');
  const degraded = count('degraded');
  if (!down && !degraded) return 'All platform services are healthy.';
  return [down && `${down} down`, degraded && `${degraded} degraded`]
    .filter(Boolean)
    .join(', ');
}

function ServicesPanel() {
  const api = useApi(platformHealthApiRef);
  const [tick, setTick] = useState(0);
  useInterval(() => setTick(t => t + 1), REFRESH_MS);
  const services = useAsync(() => api.listServices(), [api, tick]);
  const [shown, setShown] = useState<ServiceHealth[]>();
  useEffect(() => {
    if (services.value) setShown(services.value);
  }, [services.value]);
  if (!shown && services.loading) return <Progress />;
  return (
    <>
      {services.error && <ResponseErrorPanel error={services.error} />}
      {shown && (
        <>
          <Box mb={2}>
            <Typography variant="h6" data-testid="platform-summary">
              {summary(shown)}
            </Typography>
          </Box>
          <ServicesTable services={shown} />
        </>
      )}
    </>
  );
}

/**
 * The platform status page: every platform service's state and why, for everyone;
 * the cluster overview and the alert history for DevOps and admins.
 */
export function PlatformStatusPage() {
  // Nodes, pods and events are what the cluster permission guards (DevOps and admins).
  const { allowed: operator } = usePermission({
    permission: platformClusterReadPermission,
  });
  return (
    <Content>
      <ContentHeader
        title="Platform status"
        description="Is the platform healthy, and if not, why"
      />
      {operator ? (
        <TabbedLayout>
          <TabbedLayout.Route path="/" title="Services">
            <ServicesPanel />
          </TabbedLayout.Route>
          <TabbedLayout.Route path="/cluster" title="Cluster">
            <ClusterOverviewPanel />
          </TabbedLayout.Route>
          <TabbedLayout.Route path="/alerts" title="Alert history">
            <AlertHistoryTable />
          </TabbedLayout.Route>
        </TabbedLayout>
      ) : (
        <ServicesPanel />
      )}
    </Content>
  );
}
