import { useState, type ReactElement } from 'react';
import IconButton from '@material-ui/core/IconButton';
import BugReportIcon from '@material-ui/icons/BugReport';
import Tooltip from '@material-ui/core/Tooltip';
import DeleteIcon from '@material-ui/icons/Delete';
import FileCopyIcon from '@material-ui/icons/FileCopy';
import HistoryIcon from '@material-ui/icons/History';
import OpenInNewIcon from '@material-ui/icons/OpenInNew';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import PublishIcon from '@material-ui/icons/Publish';
import ReplayIcon from '@material-ui/icons/Replay';
import StopIcon from '@material-ui/icons/Stop';
import { useNavigate } from 'react-router-dom';
import { useApi } from '@backstage/frontend-plugin-api';
import type { Workspace } from '@internal/plugin-workspaces-common';
import { workspacesApiRef } from '@internal/plugin-workspaces-react';

/** What a row's buttons ask of the table that holds the dialogs and the list. */
export interface WorkspaceActionHandlers {
  /** A start or restart was accepted: follow its progress. */
  onStarting: (workspace: Workspace) => void;
  onDelete: (workspace: Workspace) => void;
  onHistory: (workspace: Workspace) => void;
  /** Opens the Diagnose panel: why the workspace fails. */
  onDiagnose: (workspace: Workspace) => void;
  onChanged: () => void;
  onError: (error: unknown) => void;
}

function Action(props: {
  label: string;
  icon: ReactElement;
  disabled?: boolean;
  onClick?: () => void;
  href?: string;
}) {
  const { label, icon, disabled, onClick, href } = props;
  const link = href
    ? { href, target: '_blank', rel: 'noopener noreferrer' }
    : {};
  return (
    <Tooltip title={label}>
      {/* The span keeps the tooltip working on a disabled button. */}
      <span>
        <IconButton
          size="small"
          aria-label={label}
          disabled={disabled}
          onClick={onClick}
          {...link}
        >
          {icon}
        </IconButton>
      </span>
    </Tooltip>
  );
}

/**
 * Open, start, stop, restart, reproduce, diagnose, history and delete for one workspace. `own` is
 * false for other people's workspaces in the admin view: admins may stop and delete
 * those, but starting or opening them would act as (and open the notebook of) someone
 * else. Reproducing makes a new workspace of the viewer's own, so anyone may.
 */
export function WorkspaceActions(
  props: { workspace: Workspace; own: boolean } & WorkspaceActionHandlers,
) {
  const {
    workspace,
    own,
    onStarting,
    onDelete,
    onHistory,
    onDiagnose,
    onChanged,
    onError,
  } = props;
  const api = useApi(workspacesApiRef);
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const { status } = workspace;

  const run = async (
    call: (id: string) => Promise<Workspace>,
    follow: boolean,
  ) => {
    setBusy(true);
    try {
      const updated = await call(workspace.id);
      if (follow) onStarting(updated);
    } catch (error) {
      onError(error);
    } finally {
      setBusy(false);
      onChanged();
    }
  };

  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      {own && status === 'running' && workspace.url && (
        <Action
          label={`Open ${workspace.name}`}
          icon={<OpenInNewIcon />}
          href={workspace.url}
        />
      )}
      {own && (status === 'stopped' || status === 'failed') && (
        <Action
          label={`Start ${workspace.name}`}
          icon={<PlayArrowIcon />}
          disabled={busy}
          onClick={() => run(id => api.startWorkspace(id), true)}
        />
      )}
      {(status === 'running' || status === 'starting') && (
        <Action
          label={`Stop ${workspace.name}`}
          icon={<StopIcon />}
          disabled={busy}
          onClick={() => run(id => api.stopWorkspace(id), false)}
        />
      )}
      {own && status === 'running' && (
        <Action
          label={`Restart ${workspace.name}`}
          icon={<ReplayIcon />}
          disabled={busy}
          onClick={() => run(id => api.restartWorkspace(id), true)}
        />
      )}
      {own && status === 'running' && (
        // The results plugin's publish flow, with this workspace chosen.
        <Action
          label={`Publish a notebook from ${workspace.name}`}
          icon={<PublishIcon />}
          onClick={() =>
            navigate(
              `/results/publish?workspace=${encodeURIComponent(workspace.id)}`,
            )
          }
        />
      )}
      <Action
        label={`Reproduce ${workspace.name}`}
        icon={<FileCopyIcon />}
        disabled={busy}
        onClick={() => run(id => api.reproduceWorkspace(id), true)}
      />
      <Action
        label={`Diagnose ${workspace.name}`}
        icon={<BugReportIcon />}
        onClick={() => onDiagnose(workspace)}
      />
      <Action
        label={`History of ${workspace.name}`}
        icon={<HistoryIcon />}
        onClick={() => onHistory(workspace)}
      />
      <Action
        label={`Delete ${workspace.name}`}
        icon={<DeleteIcon />}
        disabled={busy || status === 'stopping'}
        onClick={() => onDelete(workspace)}
      />
    </span>
  );
}
