import { useMemo, useState, type ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import EditIcon from '@material-ui/icons/Edit';
import {
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { ConfirmDialog, tableOptions } from '@internal/frontend-kit';
import { SubjectLimitDialog } from './SubjectLimitDialog';
import { loadErrorTitle, refKind, shortRef } from './format';

/** What budgets and quotas have in common: the user or group they limit. */
export interface SubjectLimit {
  subjectRef: string;
}

/** The state of the limits' load, as react-use's useAsyncRetry gives it. */
export interface SubjectLimitsState<T> {
  value?: T[];
  loading: boolean;
  error?: Error;
  retry: () => void;
}

/** A person's or group's short name, and which of the two it is. */
export function SubjectCell(props: { subjectRef: string }) {
  return (
    <>
      {shortRef(props.subjectRef)}
      <Typography variant="caption" color="textSecondary" display="block">
        {refKind(props.subjectRef) ?? ''}
      </Typography>
    </>
  );
}

/**
 * A table of limits per user or group (budgets, quotas): the subject, the columns of
 * the kind of limit, and for those who may manage them a button to set one, and per
 * row buttons to edit and remove it (after asking).
 */
export function SubjectLimitsPanel<T extends SubjectLimit>(props: {
  /** "budget" or "quota": the buttons, labels and questions name it. */
  noun: string;
  heading: string;
  tableTitle: string;
  emptyText: string;
  /** What removing one means, under the question. */
  removeText: string;
  /** The columns between the subject and the actions (stable: useMemo). */
  columns: TableColumn<T>[];
  state: SubjectLimitsState<T>;
  remove: (subjectRef: string) => Promise<void>;
  canManage: boolean;
  /** The form that sets (`editing` undefined) or changes a limit, in the dialog. */
  renderForm: (form: {
    editing?: T;
    onCancel: () => void;
    onSaved: () => void;
  }) => ReactNode;
}) {
  const { noun, state, canManage } = props;
  const [editing, setEditing] = useState<{ limit?: T }>();
  const [removing, setRemoving] = useState<T>();

  const columns = useMemo<TableColumn<T>[]>(() => {
    const subject: TableColumn<T> = {
      title: 'Subject',
      field: 'subjectRef',
      highlight: true,
      render: l => <SubjectCell subjectRef={l.subjectRef} />,
    };
    const actions: TableColumn<T> = {
      title: 'Actions',
      sorting: false,
      filtering: false,
      searchable: false,
      render: l => (
        <Box display="flex">
          <IconButton
            size="small"
            aria-label={`Edit the ${noun} of ${shortRef(l.subjectRef)}`}
            onClick={() => setEditing({ limit: l })}
          >
            <EditIcon fontSize="small" />
          </IconButton>
          <IconButton
            size="small"
            aria-label={`Remove the ${noun} of ${shortRef(l.subjectRef)}`}
            onClick={() => setRemoving(l)}
          >
            <DeleteIcon fontSize="small" />
          </IconButton>
        </Box>
      ),
    };
    return [subject, ...props.columns, ...(canManage ? [actions] : [])];
  }, [noun, props.columns, canManage]);
  // Material-table writes its per-row state into the objects; copies keep ours intact.
  const rows = useMemo(
    () => (state.value ?? []).map(l => ({ ...l })),
    [state.value],
  );

  return (
    <>
      <Box display="flex" alignItems="center" mb={1}>
        <Typography variant="h6" component="h2">
          {props.heading}
        </Typography>
        <Box flexGrow={1} />
        {canManage && (
          <Button
            variant="contained"
            color="primary"
            startIcon={<AddIcon />}
            onClick={() => setEditing({})}
          >
            Set {noun}
          </Button>
        )}
      </Box>
      {state.error ? (
        <ResponseErrorPanel
          error={state.error}
          title={loadErrorTitle(`the ${noun}s`, state.error)}
        />
      ) : (
        <Table<T>
          title={props.tableTitle}
          isLoading={state.loading}
          data={rows}
          columns={columns}
          emptyContent={<Box p={2}>{props.emptyText}</Box>}
          options={tableOptions({
            sorting: true,
            search: true,
            paging: rows.length > 10,
            pageSize: 10,
          })}
        />
      )}
      <SubjectLimitDialog
        open={!!editing}
        noun={noun}
        editingRef={editing?.limit?.subjectRef}
        onClose={() => setEditing(undefined)}
      >
        {props.renderForm({
          editing: editing?.limit,
          onCancel: () => setEditing(undefined),
          onSaved: () => {
            setEditing(undefined);
            state.retry();
          },
        })}
      </SubjectLimitDialog>
      <ConfirmDialog
        open={!!removing}
        title={`Remove the ${noun} of ${
          removing ? shortRef(removing.subjectRef) : ''
        }?`}
        text={props.removeText}
        confirmLabel="Remove"
        onClose={() => setRemoving(undefined)}
        onConfirm={async () => {
          await props.remove(removing!.subjectRef);
          state.retry();
        }}
      />
    </>
  );
}
