import Typography from '@material-ui/core/Typography';
import { Link, Table, type TableColumn } from '@backstage/core-components';
import type {
  ServiceHealth,
  ServiceState,
} from '@internal/plugin-platform-health-common';
import { parseEntityRef } from '@backstage/catalog-model';
import { StateChip, SimulatedChip } from './common';
import { tableOptions } from '@internal/frontend-kit';

const SEVERITY: Record<ServiceState, number> = {
  down: 0,
  degraded: 1,
  unknown: 2,
  healthy: 3,
};

function entityPath(entityRef: string) {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${namespace}/${kind.toLowerCase()}/${name}`;
}

const columns: TableColumn<ServiceHealth>[] = [
  {
    title: 'Service',
    field: 'title',
    highlight: true,
    render: s => (
      <Link to={`${entityPath(s.entityRef)}/health`}>{s.title}</Link>
    ),
  },
  {
    title: 'State',
    field: 'state',
    lookup: {
      healthy: 'healthy',
      degraded: 'degraded',
      down: 'down',
      unknown: 'unknown',
    },
    customSort: (a, b) => SEVERITY[a.state] - SEVERITY[b.state],
    defaultSort: 'asc',
    render: s => <StateChip state={s.state} />,
  },
  {
    title: 'Why',
    field: 'reasons',
    sorting: false,
    cellStyle: { minWidth: 360 },
    customFilterAndSearch: (term, s) =>
      [...s.reasons, ...s.notes]
        .join(' ')
        .toLowerCase()
        .includes(String(term).toLowerCase()),
    render: s => (
      <>
        {s.reasons.map((r, i) => (
          <div key={i}>{r}</div>
        ))}
        {s.notes.map((n, i) => (
          <Typography
            key={`n${i}`}
            variant="caption"
            color="textSecondary"
            component="div"
          >
            {n}
          </Typography>
        ))}
      </>
    ),
  },
  {
    title: 'Replicas',
    sorting: false,
    filtering: false,
    render: s =>
      s.workloads.length
        ? `${s.workloads.reduce(
            (n, w) => n + w.ready,
            0,
          )} / ${s.workloads.reduce((n, w) => n + w.desired, 0)} ready`
        : '–',
  },
  {
    title: 'Health check',
    filtering: false,
    customSort: (a, b) =>
      (a.probe?.durationMs ?? -1) - (b.probe?.durationMs ?? -1),
    render: s => {
      if (!s.probe) return '–';
      return s.probe.ok
        ? `up (${s.probe.durationMs} ms)`
        : `failed: ${s.probe.error}`;
    },
  },
  {
    title: 'Alerts',
    filtering: false,
    customSort: (a, b) => a.alerts.length - b.alerts.length,
    render: s => {
      const firing = s.alerts.filter(a => a.state === 'firing');
      return firing.length ? firing.map(a => a.name).join(', ') : '–';
    },
  },
  {
    title: 'Cluster',
    filtering: false,
    sorting: false,
    render: s =>
      s.clusters.map(c => (
        <span key={c.name}>
          {c.name} <SimulatedChip simulated={c.simulated} />
        </span>
      )),
  },
];

/** Every platform service with its state and why; sortable, searchable, filterable. */
export function ServicesTable(props: { services: ServiceHealth[] }) {
  return (
    <Table<ServiceHealth>
      title="Platform services"
      options={tableOptions({
        paging: false,
        search: true,
        filtering: true,
      })}
      columns={columns}
      data={props.services}
      emptyContent={
        <div style={{ padding: 16 }}>
          No platform components in the catalog: Components of the System
          configured in platformHealth.services.system are listed here.
        </div>
      }
    />
  );
}
