import Alert from '@material-ui/lab/Alert';
import Typography from '@material-ui/core/Typography';
import { CodeSnippet, InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { renderEnvironmentYml } from '@internal/plugin-environments-common';
import { LifecycleChip } from './LifecycleChip';
import { toEnvironmentVersion } from './environmentData';

/**
 * The overview card of a curated environment: its lifecycle and its environment.yml,
 * ready to copy into `conda env create -f`.
 */
export function EnvironmentPackagesCard() {
  const { entity } = useEntity();
  const version = toEnvironmentVersion(entity);
  return (
    <InfoCard
      title="environment.yml"
      subheader={
        version.environment
          ? `${
              version.environment.dependencies.length
            } packages from ${version.environment.channels.join(', ')}`
          : undefined
      }
      action={<LifecycleChip lifecycle={version.lifecycle} />}
    >
      {version.environment ? (
        <CodeSnippet
          // Plain text: the highlighter's YAML colours on its light background fail
          // WCAG's contrast minimum (axe, e2e-tests/accessibility.spec.ts).
          language="text"
          text={renderEnvironmentYml(version.environment)}
          showCopyCodeButton
        />
      ) : (
        <Alert severity="error">{version.problem}</Alert>
      )}
      {version.lifecycle === 'deprecated' && (
        <Typography variant="caption" color="textSecondary">
          Deprecated: kept so that old projects can be reproduced; new projects
          use a production version.
        </Typography>
      )}
    </InfoCard>
  );
}
