import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { DataSource } from '@internal/plugin-data-access-common';
import { SensitivityChip, TYPE_LABELS } from './format';

/** Where a shared folder's files live: its claim, or its NFS export. */
function volumeText(source: DataSource): string | undefined {
  const volume = source.spec.volume;
  if (!volume) return undefined;
  if ('persistentVolumeClaim' in volume) {
    return `PersistentVolumeClaim ${volume.persistentVolumeClaim.claimName}`;
  }
  return `NFS ${volume.nfs.server}:${volume.nfs.path}`;
}

/**
 * How a workspace reaches the data: mount path, bucket or database, and the NAME of the
 * Secret holding credentials (Atrium never reads a credential).
 */
export function SourceFacts(props: { source: DataSource }) {
  const { source } = props;
  const { spec } = source;
  const facts: Record<string, unknown> = {
    Type: TYPE_LABELS[source.type],
    Owner: <EntityRefLink entityRef={source.owner} defaultKind="group" />,
    Sensitivity: <SensitivityChip sensitivity={spec.sensitivity} />,
  };
  if (spec.mountPath) facts['Mounted at'] = spec.mountPath;
  const volume = volumeText(source);
  if (volume) facts.Volume = volume;
  if (spec.bucket) {
    facts.Bucket = spec.bucket.name;
    facts.Endpoint = spec.bucket.endpoint;
    if (spec.bucket.region) facts.Region = spec.bucket.region;
    facts['Credentials (Secret)'] = spec.bucket.secretName;
  }
  if (spec.database) {
    facts.Host = spec.database.port
      ? `${spec.database.host}:${spec.database.port}`
      : spec.database.host;
    facts.Database = spec.database.name;
    facts['Credentials (Secret)'] = spec.database.secretName;
  }
  if (spec.snapshot) facts['Snapshot a launch gets'] = spec.snapshot;
  return (
    <InfoCard title="How a workspace reaches it">
      {/* The keys are written as they should read (startCase would drop the parentheses). */}
      <StructuredMetadataTable
        metadata={facts}
        options={{ titleFormat: key => key }}
      />
    </InfoCard>
  );
}
