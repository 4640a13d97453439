import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import {
  withheldProblemPods,
  type ServiceHealth,
} from '@internal/plugin-platform-health-common';
import { ProblemPodsTable } from './ProblemPodsTable';

/**
 * A service's pods that need attention: which, why and their events for DevOps and
 * admins (the backend sends them only to those who may read the cluster), how many for
 * everyone else.
 */
export function ServicePods(props: {
  health: ServiceHealth;
  showLogs: boolean;
}) {
  const { health } = props;
  const title = `Pods that need attention (${health.problemPodsTotal})`;
  if (health.problemPodsWithheld) {
    return (
      <InfoCard title={title}>
        <Typography variant="body1" data-testid="problem-pods-withheld">
          {health.problemPodsTotal === 0
            ? 'No pod needs attention.'
            : withheldProblemPods(health.problemPodsTotal)}
        </Typography>
      </InfoCard>
    );
  }
  return (
    <ProblemPodsTable
      pods={health.problemPods}
      showLogs={props.showLogs}
      title={title}
    />
  );
}
