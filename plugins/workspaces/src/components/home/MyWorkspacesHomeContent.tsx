import { useState } from 'react';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemSecondaryAction from '@material-ui/core/ListItemSecondaryAction';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { Link, Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { Workspace } from '@internal/plugin-workspaces-common';
import { workspacesApiRef } from '@internal/plugin-workspaces-react';
import { StatusCell } from '../StatusCell';
import { WorkspaceProgressDialog } from '../WorkspaceProgressDialog';
import { formatRelativeTime } from '../format';
import { useWorkspaceList } from '../useWorkspaceList';
import { errorMessage } from '@internal/frontend-kit';

/** Running and starting first, then the most recently started. */
function byActivity(a: Workspace, b: Workspace): number {
  const live = (w: Workspace) =>
    w.status === 'running' || w.status === 'starting' ? 0 : 1;
  return (
    live(a) - live(b) ||
    (b.startedAt ?? b.createdAt).localeCompare(a.startedAt ?? a.createdAt)
  );
}

/**
 * The home page's "My workspaces": each of the caller's workspaces with its status and
 * the one action it needs most (open a running one, stop it, start a stopped one).
 */
export function MyWorkspacesHomeContent(props: { limit?: number }) {
  const limit = props.limit ?? 6;
  const api = useApi(workspacesApiRef);
  const { workspaces, error, refresh } = useWorkspaceList({ scope: 'mine' });
  const [busy, setBusy] = useState<string>();
  const [starting, setStarting] = useState<Workspace>();
  const [actionError, setActionError] = useState<string>();

  const act = async (workspace: Workspace, start: boolean) => {
    setBusy(workspace.id);
    setActionError(undefined);
    try {
      if (start) {
        setStarting(await api.startWorkspace(workspace.id));
      } else {
        await api.stopWorkspace(workspace.id);
      }
    } catch (e) {
      setActionError(errorMessage(e));
    } finally {
      setBusy(undefined);
      refresh();
    }
  };

  if (!workspaces && !error) return <Progress />;
  return (
    <>
      {error && (
        <WarningPanel
          severity="warning"
          title={
            workspaces
              ? 'Could not refresh your workspaces: showing the last list'
              : 'Could not load your workspaces'
          }
          message={`${errorMessage(error)}. It retries every 10 seconds.`}
        />
      )}
      {actionError && <WarningPanel severity="error" title={actionError} />}
      {workspaces && workspaces.length === 0 && (
        <Typography variant="body2">
          You have no workspaces yet.{' '}
          <Link to="/workspaces">Launch one on the Workspaces page</Link>.
        </Typography>
      )}
      <List dense aria-label="My workspaces">
        {[...(workspaces ?? [])]
          .sort(byActivity)
          .slice(0, limit)
          .map(w => (
            <ListItem key={w.id} divider>
              <ListItemText
                primary={w.name}
                secondary={
                  <>
                    <StatusCell workspace={w} />
                    {w.startedAt &&
                      ` started ${formatRelativeTime(w.startedAt)}`}
                  </>
                }
                secondaryTypographyProps={{ component: 'div' }}
              />
              <ListItemSecondaryAction>
                {w.status === 'running' && w.url && (
                  <Button
                    size="small"
                    color="primary"
                    href={w.url}
                    target="_blank"
                    rel="noopener noreferrer"
                    aria-label={`Open ${w.name}`}
                  >
                    Open
                  </Button>
                )}
                {(w.status === 'running' || w.status === 'starting') && (
                  <Button
                    size="small"
                    disabled={busy === w.id}
                    onClick={() => act(w, false)}
                    aria-label={`Stop ${w.name}`}
                  >
                    Stop
                  </Button>
                )}
                {(w.status === 'stopped' || w.status === 'failed') && (
                  <Button
                    size="small"
                    color="primary"
                    disabled={busy === w.id}
                    onClick={() => act(w, true)}
                    aria-label={`Start ${w.name}`}
                  >
                    Start
                  </Button>
                )}
              </ListItemSecondaryAction>
            </ListItem>
          ))}
      </List>
      {workspaces && workspaces.length > limit && (
        <Typography variant="caption" color="textSecondary">
          and {workspaces.length - limit} more on the{' '}
          <Link to="/workspaces">Workspaces page</Link>
        </Typography>
      )}
      {starting && (
        <WorkspaceProgressDialog
          workspace={starting}
          onClose={() => setStarting(undefined)}
          onSettled={refresh}
        />
      )}
    </>
  );
}
