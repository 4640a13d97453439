import { useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import Grid from '@material-ui/core/Grid';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import type { Entity } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  EntityRefLink,
  catalogApiRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { diffEnvironments } from '@internal/plugin-environments-common';
import { EnvironmentDiffTable } from './EnvironmentDiffTable';
import { LifecycleChip } from './LifecycleChip';
import {
  EnvironmentVersion,
  environmentNameOf,
  loadEnvironmentVersions,
  loadProjectsUsing,
  normalizeRef,
  toEnvironmentVersion,
} from './environmentData';
import { tableOptions } from '@internal/frontend-kit';

type VersionRow = EnvironmentVersion & { projects: Entity[]; current: boolean };

const columns: TableColumn<VersionRow>[] = [
  {
    title: 'Version',
    field: 'version',
    highlight: true,
    render: row => (
      <>
        {/* Underlined: beside "(this page)" colour alone would mark it as a link. */}
        <EntityRefLink
          entityRef={row.entity}
          title={row.version}
          underline="always"
        />
        {row.current && (
          <Typography variant="caption" color="textSecondary">
            {' '}
            (this page)
          </Typography>
        )}
      </>
    ),
  },
  {
    title: 'Lifecycle',
    field: 'lifecycle',
    render: row => <LifecycleChip lifecycle={row.lifecycle} />,
  },
  {
    title: 'Packages',
    render: row =>
      row.environment ? (
        row.environment.dependencies.length
      ) : (
        <Typography variant="caption" color="error">
          {row.problem}
        </Typography>
      ),
  },
  {
    title: 'Used by',
    render: row =>
      row.projects.length === 0 ? (
        '—'
      ) : (
        <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
          {row.projects.map(project => (
            <EntityRefLink key={project.metadata.name} entityRef={project} />
          ))}
        </Box>
      ),
  },
];

/** The two versions compared first: the one before this page's version, and this one. */
function defaultComparison(readable: EnvironmentVersion[], current: string) {
  const index = readable.findIndex(v => v.ref === current);
  if (index < 0 || readable.length < 2)
    return { from: undefined, to: undefined };
  if (index < readable.length - 1) {
    return { from: readable[index + 1].ref, to: readable[index].ref };
  }
  // The oldest version: compare it with the newest.
  return { from: readable[index].ref, to: readable[0].ref };
}

function VersionSelect(props: {
  label: string;
  value: string;
  versions: EnvironmentVersion[];
  onChange: (ref: string) => void;
}) {
  const id = `environment-diff-${props.label
    .toLocaleLowerCase('en-US')
    .replace(/\s+/g, '-')}`;
  return (
    <FormControl variant="outlined" size="small" style={{ minWidth: 180 }}>
      <InputLabel id={id}>{props.label}</InputLabel>
      {/* The value's id joins the label in the button's name ("From version 1.2.0"). */}
      <Select
        labelId={id}
        label={props.label}
        SelectDisplayProps={{ id: `${id}-value` }}
        value={props.value}
        onChange={event => props.onChange(String(event.target.value))}
      >
        {props.versions.map(v => (
          <MenuItem key={v.ref} value={v.ref}>
            {v.version} ({v.lifecycle})
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

function VersionComparison(props: {
  readable: EnvironmentVersion[];
  current: string;
}) {
  const initial = defaultComparison(props.readable, props.current);
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const fromVersion = props.readable.find(v => v.ref === from);
  const toVersion = props.readable.find(v => v.ref === to);
  const diff = useMemo(
    () =>
      fromVersion?.environment && toVersion?.environment
        ? diffEnvironments(fromVersion.environment, toVersion.environment)
        : undefined,
    [fromVersion, toVersion],
  );
  if (!fromVersion || !toVersion || !diff) {
    return (
      <InfoCard title="What changed between versions">
        <Typography variant="body2">
          There is only one readable version of this environment: nothing to
          compare yet.
        </Typography>
      </InfoCard>
    );
  }
  return (
    <>
      <Box display="flex" alignItems="center" mb={2} style={{ gap: 16 }}>
        <VersionSelect
          label="From version"
          value={fromVersion.ref}
          versions={props.readable}
          onChange={setFrom}
        />
        <Typography variant="body1">→</Typography>
        <VersionSelect
          label="To version"
          value={toVersion.ref}
          versions={props.readable}
          onChange={setTo}
        />
      </Box>
      <EnvironmentDiffTable
        diff={diff}
        title={`What changed from ${fromVersion.version} to ${toVersion.version}`}
      />
    </>
  );
}

/**
 * The Versions tab of a curated environment: every version of it (newest first, with
 * lifecycle and the projects that pin each one) and what changed between two of them.
 */
export function EnvironmentVersionsContent() {
  const { entity } = useEntity();
  const catalogApi = useApi(catalogApiRef);
  const name = environmentNameOf(entity);
  const current = toEnvironmentVersion(entity).ref;

  const { value, loading, error } = useAsync(async () => {
    if (!name) return undefined;
    const versions = await loadEnvironmentVersions(catalogApi, name);
    const projects = await loadProjectsUsing(
      catalogApi,
      versions.map(v => v.ref),
    );
    return versions.map(v => ({
      ...v,
      projects: projects.get(v.ref) ?? [],
      current: v.ref === current,
    }));
  }, [catalogApi, name, current]);

  if (!name) {
    return (
      <Alert severity="warning">
        This entity names no environment: give it spec.environment.name and the
        atrium.io/environment-name label.
      </Alert>
    );
  }
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  const rows: VersionRow[] = value ?? [];
  const readable = rows.filter(v => v.environment);

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Table<VersionRow>
          title={`Versions of ${name}`}
          subtitle="Newest first. A version never changes: a change is a new version."
          columns={columns}
          data={rows}
          options={tableOptions({ paging: false, search: false })}
        />
      </Grid>
      <Grid item xs={12}>
        <VersionComparison
          key={normalizeRef(current)}
          readable={readable}
          current={current}
        />
      </Grid>
    </Grid>
  );
}
