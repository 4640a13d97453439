import { useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { Table, type TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { tableOptions } from '@internal/frontend-kit';
import type { AccessRequest } from '@internal/plugin-data-access-common';
import { DecisionDialog, type PendingDecision } from './DecisionDialog';
import {
  ACCESS_LABELS,
  day,
  isOpen,
  lastDay,
  requestStatusText,
  sourceName,
  subjectName,
} from './format';

/**
 * Access requests: to decide (Approve / Refuse on the open ones) or one's own.
 * `isRestricted` says which sources need an admin's approval as well as the owner's.
 */
export function RequestsTable(props: {
  title: string;
  requests: AccessRequest[];
  emptyText: string;
  /** Show the source column (off on a source's own page). */
  showSource: boolean;
  /** Offer Approve / Refuse on the open requests. */
  canDecide: boolean;
  isRestricted: (sourceRef: string) => boolean;
  onChanged: () => void;
}) {
  const { canDecide, isRestricted, showSource } = props;
  const [pending, setPending] = useState<PendingDecision>();
  // Kept from the first render: a new element re-mounts the table's rows (README).
  const [emptyContent] = useState(() => (
    <Box p={2}>
      <Typography>{props.emptyText}</Typography>
    </Box>
  ));

  const columns = useMemo<TableColumn<AccessRequest>[]>(() => {
    const decide = (request: AccessRequest, decision: PendingDecision['decision']) =>
      setPending({ request, decision, restricted: isRestricted(request.source) });
    return [
      ...(showSource
        ? [
            {
              title: 'Data source',
              field: 'source',
              render: (r: AccessRequest) => (
                <EntityRefLink entityRef={r.source} hideIcon />
              ),
            },
          ]
        : []),
      {
        title: 'Requested by',
        field: 'requester',
        render: r => (
          <>
            <EntityRefLink entityRef={r.requester} hideIcon />
            {r.forGroup && (
              <Typography variant="caption" display="block">
                for {subjectName(r.forGroup)}
              </Typography>
            )}
          </>
        ),
      },
      { title: 'Access', field: 'access', render: r => ACCESS_LABELS[r.access] },
      {
        title: 'Reason',
        field: 'reason',
        sorting: false,
        cellStyle: { minWidth: 200 },
      },
      {
        title: 'Last day',
        field: 'expiresAt',
        render: r => lastDay(r.expiresAt) || '—',
      },
      { title: 'Asked on', field: 'createdAt', render: r => day(r.createdAt) },
      {
        title: 'Status',
        field: 'status',
        render: r => (
          <>
            {requestStatusText(r)}
            {r.status === 'pending' && isRestricted(r.source) && (
              <Typography variant="caption" display="block">
                restricted: needs an admin&apos;s approval too
              </Typography>
            )}
          </>
        ),
      },
      ...(canDecide
        ? [
            {
              title: 'Decide',
              sorting: false,
              render: (r: AccessRequest) =>
                isOpen(r) && (
                  <Box display="flex" style={{ gap: 8, whiteSpace: 'nowrap' }}>
                    <Button
                      size="small"
                      color="primary"
                      variant="outlined"
                      aria-label={`Approve the request of ${subjectName(r.requester)} for ${sourceName(r.source)}`}
                      onClick={() => decide(r, 'approve')}
                    >
                      Approve
                    </Button>
                    <Button
                      size="small"
                      aria-label={`Refuse the request of ${subjectName(r.requester)} for ${sourceName(r.source)}`}
                      onClick={() => decide(r, 'refuse')}
                    >
                      Refuse
                    </Button>
                  </Box>
                ),
            },
          ]
        : []),
    ];
  }, [canDecide, isRestricted, showSource]);

  return (
    <>
      <Table<AccessRequest>
        title={props.title}
        options={tableOptions({
          search: false,
          paging: props.requests.length > 10,
        })}
        columns={columns}
        data={props.requests}
        emptyContent={emptyContent}
      />
      <DecisionDialog
        pending={pending}
        onClose={() => setPending(undefined)}
        onDecided={() => {
          setPending(undefined);
          props.onChanged();
        }}
      />
    </>
  );
}
