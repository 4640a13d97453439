import { useCallback, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { errorMessage } from '@internal/frontend-kit';
import { workspacesApiRef } from '@internal/plugin-workspaces-react';
import { resultsApiRef } from '../api';

/** Where reproducing a version is: launched, starting (with the hub's progress), copying, done. */
export type Reproduction =
  | { phase: 'launching'; version: number }
  | {
      phase: 'starting';
      version: number;
      workspaceName: string;
      progress: number;
      message?: string;
    }
  | { phase: 'copying'; version: number; workspaceName: string }
  | {
      phase: 'done';
      version: number;
      workspaceName: string;
      path: string;
      url?: string;
    }
  | { phase: 'failed'; version: number; text: string };

/**
 * Reproduces a version: launches the workspace as the version ran, follows its start
 * (the hub's progress), then copies the version's notebook into it. A workspace that
 * fails to start says where to look; one that started keeps running whatever happens
 * to the copy, which the person can ask for again.
 */
export function useReproduction(resultId: string) {
  const results = useApi(resultsApiRef);
  const workspaces = useApi(workspacesApiRef);
  const [state, setState] = useState<Reproduction>();

  const reproduce = useCallback(
    async (version: number) => {
      setState({ phase: 'launching', version });
      let workspaceName = '';
      try {
        const launched = await results.reproduce(resultId, version);
        workspaceName = launched.workspaceName;
        setState({ phase: 'starting', version, workspaceName, progress: 0 });
        await workspaces.streamProgress(launched.workspaceId, event =>
          setState({
            phase: 'starting',
            version,
            workspaceName,
            progress: event.progress,
            message: event.message,
          }),
        );
        const workspace = await workspaces.getWorkspace(launched.workspaceId);
        if (workspace.status !== 'running') {
          setState({
            phase: 'failed',
            version,
            text: `Workspace ${workspaceName} did not start (${workspace.status}${
              workspace.statusReason ? `: ${workspace.statusReason}` : ''
            }). Open Diagnose on the Workspaces page to see why.`,
          });
          return;
        }
        setState({ phase: 'copying', version, workspaceName });
        const copied = await results.copyToWorkspace(resultId, version, workspace.id);
        setState({
          phase: 'done',
          version,
          workspaceName,
          path: copied.path,
          url: workspace.url,
        });
      } catch (error) {
        setState({
          phase: 'failed',
          version,
          text: workspaceName
            ? `Workspace ${workspaceName} was launched, but the notebook could not be put in it: ${errorMessage(error)}`
            : `Could not reproduce version ${version}: ${errorMessage(error)}`,
        });
      }
    },
    [results, workspaces, resultId],
  );

  return { reproduction: state, reproduce };
}
