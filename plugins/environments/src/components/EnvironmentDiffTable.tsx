import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { Table, type TableColumn } from '@backstage/core-components';
import type { EnvironmentDiff } from '@internal/plugin-environments-common';
import { tableOptions } from '@internal/frontend-kit';

type Change = 'added' | 'removed' | 'upgraded' | 'downgraded' | 'changed';

export interface DiffRow {
  change: Change;
  name: string;
  manager: 'conda' | 'pip';
  from: string;
  to: string;
}

/** The diff as one list of rows: added, removed, upgraded, downgraded, then changed. */
export function diffRows(diff: EnvironmentDiff): DiffRow[] {
  return [
    ...diff.added.map(d => ({
      change: 'added' as const,
      name: d.name,
      manager: d.manager,
      from: '',
      to: d.version ?? d.spec,
    })),
    ...diff.removed.map(d => ({
      change: 'removed' as const,
      name: d.name,
      manager: d.manager,
      from: d.version ?? d.spec,
      to: '',
    })),
    ...diff.upgraded.map(d => ({ change: 'upgraded' as const, ...d })),
    ...diff.downgraded.map(d => ({ change: 'downgraded' as const, ...d })),
    ...diff.changed.map(d => ({ change: 'changed' as const, ...d })),
  ];
}

/** "1 added, 1 removed, 8 upgraded" (only the kinds that occur); "no changes". */
export function summarizeDiff(diff: EnvironmentDiff): string {
  const parts = (
    ['added', 'removed', 'upgraded', 'downgraded', 'changed'] as const
  )
    .filter(kind => diff[kind].length > 0)
    .map(kind => `${diff[kind].length} ${kind}`);
  return parts.length > 0 ? parts.join(', ') : 'no changes';
}

const changeColor: Record<Change, 'primary' | 'secondary' | 'default'> = {
  added: 'primary',
  removed: 'secondary',
  upgraded: 'default',
  downgraded: 'secondary',
  changed: 'default',
};

const columns: TableColumn<DiffRow>[] = [
  {
    title: 'Change',
    field: 'change',
    render: row => (
      <Chip size="small" label={row.change} color={changeColor[row.change]} />
    ),
  },
  { title: 'Package', field: 'name', highlight: true },
  { title: 'Installed by', field: 'manager' },
  { title: 'From', field: 'from', render: row => row.from || '—' },
  { title: 'To', field: 'to', render: row => row.to || '—' },
];

/** What changes between two environment versions, one row per package. */
export function EnvironmentDiffTable(props: {
  diff: EnvironmentDiff;
  title: string;
}) {
  const rows = diffRows(props.diff);
  return (
    <Table<DiffRow>
      title={props.title}
      subtitle={summarizeDiff(props.diff)}
      columns={columns}
      data={rows}
      options={tableOptions({ paging: false, search: false })}
      emptyContent={
        <Typography variant="body2" style={{ padding: 16 }}>
          The two versions have the same packages.
        </Typography>
      }
    />
  );
}
