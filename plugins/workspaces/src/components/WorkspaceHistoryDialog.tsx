import { useId } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import { useApi } from '@backstage/frontend-plugin-api';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import type {
  Workspace,
  WorkspaceEvent,
} from '@internal/plugin-workspaces-common';
import { workspacesApiRef } from '@internal/plugin-workspaces-react';
import { environmentSummary, formatRelativeTime, shortRef } from './format';

/** What a launch ran with: "small (pytorch) · python-data-science-2025.05 · git 1a2b3c4d5e6f". */
export function launchSummary(event: WorkspaceEvent): string | undefined {
  if (!event.profile) return undefined;
  const options = Object.values(event.options ?? {});
  return [
    `${event.profile}${options.length ? ` (${options.join(', ')})` : ''}`,
    event.environment
      ? environmentSummary(event.environment, event.environmentBuild)
      : undefined,
    event.gitCommit ? `git ${event.gitCommit.slice(0, 12)}` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

function History(props: { workspaceId: string }) {
  const api = useApi(workspacesApiRef);
  const { value, loading, error } = useAsync(
    () => api.listEvents(props.workspaceId),
    [api, props.workspaceId],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value?.length) return <>No status changes recorded yet.</>;
  // Newest first: the question is usually "why did it just stop?".
  const events = [...value].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <List dense>
      {events.map(e => (
        <ListItem key={`${e.at}-${e.status}`} disableGutters>
          <ListItemText
            primary={`${e.status}${e.reason ? ` — ${e.reason}` : ''}`}
            secondary={
              <>
                {launchSummary(e) && (
                  <span style={{ display: 'block' }}>{launchSummary(e)}</span>
                )}
                {`${formatRelativeTime(e.at)} (${new Date(
                  e.at,
                ).toLocaleString()})${
                  e.actor ? ` by ${shortRef(e.actor)}` : ''
                }`}
              </>
            }
          />
        </ListItem>
      ))}
    </List>
  );
}

/** The status history of one workspace, with the reasons of each change. */
export function WorkspaceHistoryDialog(props: {
  workspace?: Workspace;
  onClose: () => void;
}) {
  const { workspace, onClose } = props;
  const titleId = useId();
  return (
    <Dialog
      open={Boolean(workspace)}
      onClose={onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby={titleId}
    >
      <DialogTitle id={titleId}>History of {workspace?.name}</DialogTitle>
      <DialogContent>
        {workspace && <History workspaceId={workspace.id} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
