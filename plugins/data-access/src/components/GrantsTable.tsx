import { useMemo } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { Table, type TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { tableOptions } from '@internal/frontend-kit';
import type { DataGrant } from '@internal/plugin-data-access-common';
import { ACCESS_LABELS, day, lastDay, subjectName } from './format';

/**
 * One data source's grants: current ones (with Change / end for managers) or past ones
 * (when and why they ended).
 */
export function GrantsTable(props: {
  title: string;
  grants: DataGrant[];
  past?: boolean;
  emptyText: string;
  /** Managers: opens the grant dialog on a grant. */
  onEdit?: (grant: DataGrant) => void;
}) {
  const { past, onEdit } = props;
  const columns = useMemo<TableColumn<DataGrant>[]>(
    () => [
      {
        title: 'Group or person',
        field: 'subject',
        highlight: true,
        render: g => (
          <EntityRefLink entityRef={g.subject} defaultKind="group" hideIcon />
        ),
      },
      { title: 'Access', field: 'access', render: g => ACCESS_LABELS[g.access] },
      {
        title: 'Last day',
        field: 'expiresAt',
        render: g => lastDay(g.expiresAt) || '—',
      },
      {
        title: 'Granted',
        field: 'grantedAt',
        render: g =>
          g.implicit ? (
            "The group's own shared folder"
          ) : (
            <>
              {day(g.grantedAt)} by{' '}
              <EntityRefLink entityRef={g.grantedBy} hideIcon />
            </>
          ),
      },
      ...(past
        ? [
            {
              title: 'Ended',
              field: 'endedAt',
              render: (g: DataGrant) => {
                const how = g.endedBy ? `by ${subjectName(g.endedBy)}` : 'expired';
                const why = g.endReason ? `: ${g.endReason}` : '';
                const when = g.endedAt ? day(g.endedAt) : lastDay(g.expiresAt);
                return `${when} ${how}${why}`;
              },
            },
          ]
        : []),
      ...(onEdit && !past
        ? [
            {
              title: 'Actions',
              sorting: false,
              render: (g: DataGrant) =>
                !g.implicit && (
                  <Button
                    size="small"
                    variant="outlined"
                    aria-label={`Change or end the access of ${subjectName(g.subject)}`}
                    onClick={() => onEdit(g)}
                  >
                    Change or end
                  </Button>
                ),
            },
          ]
        : []),
    ],
    [past, onEdit],
  );
  return (
    <Table<DataGrant>
      title={props.title}
      options={tableOptions({ search: false, paging: props.grants.length > 10 })}
      columns={columns}
      data={props.grants}
      emptyContent={
        <Box p={2}>
          <Typography>{props.emptyText}</Typography>
        </Box>
      }
    />
  );
}
