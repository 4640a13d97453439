import { useMemo, useRef, useState, type ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useMediaQuery from '@material-ui/core/useMediaQuery';
import type { Theme } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  Link,
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  Workspace,
  WorkspaceStatus,
} from '@internal/plugin-workspaces-common';
import { workspacesApiRef } from '@internal/plugin-workspaces-react';
import { StatusCell } from './StatusCell';
import { WorkspaceActions } from './WorkspaceActions';
import { WorkspaceDiagnosisDialog } from './WorkspaceDiagnosisDialog';
import { WorkspaceHistoryDialog } from './WorkspaceHistoryDialog';
import { WorkspaceProgressDialog } from './WorkspaceProgressDialog';
import {
  catalogPath,
  environmentSummary,
  formatRelativeTime,
  formatResources,
  shortRef,
} from './format';
import type { WorkspaceList } from './useWorkspaceList';
import { useRemotePage } from './remoteWorkspaces';
import { useViewerRef } from './useViewerRef';
import {
  ConfirmDialog,
  errorMessage,
  tableOptions,
} from '@internal/frontend-kit';

const statusLookup: Record<WorkspaceStatus, string> = {
  running: 'running',
  starting: 'starting',
  stopping: 'stopping',
  stopped: 'stopped',
  failed: 'failed',
};

/**
 * On a phone the table scrolls sideways: what a person looks for (which workspace, is
 * it running, open or stop it) comes first, the details after.
 */
const NARROW_ORDER = ['Name', 'Status', 'Actions'];
const narrowFirst = (cols: TableColumn<Workspace>[]) => [
  ...NARROW_ORDER.flatMap(t => cols.filter(c => c.title === t)),
  ...cols.filter(c => !NARROW_ORDER.includes(String(c.title))),
];

const sameRef = (a: string, b: string) =>
  a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');

function columns(
  showOwner: boolean,
  onDiagnose: (w: Workspace) => void,
): TableColumn<Workspace>[] {
  return [
    { title: 'Name', field: 'name', highlight: true },
    ...(showOwner
      ? [
          {
            title: 'Owner',
            field: 'owner',
            render: (w: Workspace) => shortRef(w.owner),
          },
        ]
      : []),
    {
      title: 'Profile',
      field: 'profile',
      render: w => (
        <>
          {w.profile}
          {Object.keys(w.options ?? {}).length > 0 &&
            ` (${Object.values(w.options).join(', ')})`}
          <Typography variant="caption" color="textSecondary" display="block">
            {formatResources(w.resources)}
          </Typography>
          {(w.environment || w.gitCommit) && (
            <Typography variant="caption" color="textSecondary" display="block">
              {[
                w.environment &&
                  environmentSummary(w.environment, w.environmentBuild),
                w.gitCommit && `git ${w.gitCommit.slice(0, 12)}`,
              ]
                .filter(Boolean)
                .join(' · ')}
            </Typography>
          )}
        </>
      ),
    },
    {
      title: 'Project',
      field: 'project',
      render: w =>
        w.project ? (
          <Link to={catalogPath(w.project)}>{shortRef(w.project)}</Link>
        ) : (
          '—'
        ),
    },
    {
      title: 'Status',
      field: 'status',
      lookup: statusLookup,
      render: w => (
        <StatusCell workspace={w} onDiagnose={() => onDiagnose(w)} />
      ),
    },
    {
      title: 'Last activity',
      // ISO times sort correctly as strings.
      field: 'lastActivity',
      filtering: false,
      defaultSort: 'desc',
      render: w =>
        w.lastActivity ? (
          <span title={new Date(w.lastActivity).toLocaleString()}>
            {formatRelativeTime(w.lastActivity)}
          </span>
        ) : (
          '—'
        ),
    },
  ];
}

/**
 * Workspaces with their status, resources and actions; the page and the entity tabs
 * share it. With `showOwner` (the admin view of everyone's workspaces) it adds the
 * Owner column and keeps other people's rows to stop, history and delete.
 */
export function WorkspacesTable(props: {
  title: string;
  list: WorkspaceList;
  showOwner?: boolean;
  /** Keeps only these rows (the group tab filters by membership). */
  filter?: (workspace: Workspace) => boolean;
  emptyContent?: ReactNode;
}) {
  const { title, list, showOwner = false, filter } = props;
  // Backstage's Table builds its body component from emptyContent (a useMemo on it):
  // the new element each parent render brings (every 10 s reload) re-mounted every row
  // and took keyboard focus from the row's buttons (WCAG 2.4.3). The first one stays.
  const [emptyContent] = useState(() => props.emptyContent);
  const api = useApi(workspacesApiRef);
  // Only the everyone's view mixes in other people's workspaces.
  const viewerRef = useViewerRef(showOwner);
  const [actionError, setActionError] = useState<string>();
  const [starting, setStarting] = useState<Workspace>();
  const [deleting, setDeleting] = useState<Workspace>();
  const [history, setHistory] = useState<Workspace>();
  const [diagnosing, setDiagnosing] = useState<Workspace>();
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('xs'));
  // Where focus goes after a delete: the deleted row's button is gone.
  const tableRef = useRef<HTMLSpanElement>(null);

  const { refresh } = list;
  // Stable columns and rows: material-table keeps its sort and filter state in them,
  // which a new identity on every 10 s refresh would reset.
  const tableColumns = useMemo<TableColumn<Workspace>[]>(() => {
    const isOwn = (w: Workspace) =>
      !showOwner || (viewerRef !== undefined && sameRef(w.owner, viewerRef));
    const all: TableColumn<Workspace>[] = [
      ...columns(showOwner, setDiagnosing),
      {
        title: 'Actions',
        sorting: false,
        filtering: false,
        searchable: false,
        render: w => (
          <WorkspaceActions
            workspace={w}
            own={isOwn(w)}
            onStarting={setStarting}
            onDelete={setDeleting}
            onHistory={setHistory}
            onDiagnose={setDiagnosing}
            onChanged={refresh}
            onError={e => setActionError(errorMessage(e))}
          />
        ),
      },
    ];
    return narrow ? narrowFirst(all) : all;
  }, [showOwner, viewerRef, refresh, narrow]);
  // Material-table writes its per-row state into the objects; copies keep ours intact.
  const data = useMemo(
    () =>
      (list.workspaces ?? [])
        .filter(w => !filter || filter(w))
        .map(w => ({ ...w })),
    [list.workspaces, filter],
  );

  // A paged list: the table asks the backend for each page, sorted and filtered there.
  const remote = useRemotePage(list);

  if (list.error && !list.workspaces) {
    return <ResponseErrorPanel error={list.error} />;
  }

  // Errors stay in the dialog, with the workspace named; the list refreshes either way.
  const deleteWorkspace = async (workspace: Workspace) => {
    try {
      await api.deleteWorkspace(workspace.id);
    } finally {
      refresh();
    }
  };

  return (
    <>
      {list.error && (
        <Box mb={2}>
          <Alert severity="warning">
            Could not refresh the list: {errorMessage(list.error)}
          </Alert>
        </Box>
      )}
      {actionError && (
        <Box mb={2}>
          <Alert severity="error" onClose={() => setActionError(undefined)}>
            {actionError}
          </Alert>
        </Box>
      )}
      {/* Marks where the table starts: focus goes to its title after a delete. */}
      <span ref={tableRef} hidden />
      <Table<Workspace>
        // material-table reads remote data only when mounted: switching remounts it.
        key={remote ? 'paged' : 'whole'}
        title={title}
        isLoading={remote ? undefined : list.loading}
        data={remote?.data ?? data}
        tableRef={remote?.tableRef}
        columns={tableColumns}
        emptyContent={emptyContent}
        options={tableOptions({
          sorting: true,
          filtering: true,
          search: true,
          paging: Boolean(remote) || data.length > 20,
          pageSize: remote ? 50 : 20,
        })}
      />
      <WorkspaceProgressDialog
        workspace={starting}
        onClose={() => setStarting(undefined)}
        onSettled={refresh}
      />
      <ConfirmDialog
        open={Boolean(deleting)}
        title={`Delete workspace ${deleting?.name ?? ''}?`}
        text="The workspace is stopped if it runs and removed from the hub. Save anything you need that is not in your home directory or a repository first."
        confirmLabel="Delete"
        onClose={() => setDeleting(undefined)}
        onConfirm={() => deleting && deleteWorkspace(deleting)}
        focusAfterConfirm={() =>
          tableRef.current?.nextElementSibling?.querySelector<HTMLElement>(
            'h1, h2, h3, h4, h5, h6',
          )
        }
      />
      <WorkspaceHistoryDialog
        workspace={history}
        onClose={() => setHistory(undefined)}
      />
      <WorkspaceDiagnosisDialog
        workspace={diagnosing}
        onClose={() => setDiagnosing(undefined)}
      />
    </>
  );
}
