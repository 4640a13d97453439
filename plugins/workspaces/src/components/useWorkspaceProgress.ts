import { useEffect, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { workspacesApiRef } from '@internal/plugin-workspaces-react';
import { errorMessage } from '@internal/frontend-kit';

/** @public */
export interface WorkspaceProgressState {
  progress: number;
  message?: string;
  ready: boolean;
  failed: boolean;
  url?: string;
}

/**
 * Follows a starting workspace through its progress stream. The stream ends after
 * ready/failed; when it ends without either (a proxy cut it), the workspace itself
 * says where it stands, so the dialog never waits forever.
 */
export function useWorkspaceProgress(
  workspaceId: string,
): WorkspaceProgressState {
  const api = useApi(workspacesApiRef);
  const [state, setState] = useState<WorkspaceProgressState>({
    progress: 0,
    ready: false,
    failed: false,
  });

  useEffect(() => {
    const controller = new AbortController();
    let settled = false;
    setState({ progress: 0, ready: false, failed: false });

    api
      .streamProgress(
        workspaceId,
        event => {
          if (event.ready || event.failed) settled = true;
          setState(s => ({
            progress: event.ready ? 100 : event.progress ?? s.progress,
            message: event.message ?? s.message,
            ready: Boolean(event.ready),
            failed: Boolean(event.failed),
            url: event.url ?? s.url,
          }));
        },
        controller.signal,
      )
      .then(async () => {
        if (settled || controller.signal.aborted) return;
        const workspace = await api.getWorkspace(workspaceId);
        if (controller.signal.aborted) return;
        setState(s => {
          if (workspace.status === 'running') {
            return { ...s, progress: 100, ready: true, url: workspace.url };
          }
          return {
            ...s,
            failed: workspace.status !== 'starting',
            message:
              workspace.status === 'starting'
                ? 'The hub stopped reporting progress; the workspace is still starting, follow it in the list.'
                : `The workspace is ${workspace.status}${
                    workspace.statusReason ? `: ${workspace.statusReason}` : ''
                  }`,
          };
        });
      })
      .catch(error => {
        if (controller.signal.aborted) return;
        setState(s => ({ ...s, failed: true, message: errorMessage(error) }));
      });

    return () => controller.abort();
  }, [api, workspaceId]);

  return state;
}
