import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import type { Workspace } from '@internal/plugin-workspaces-common';
import {
  workspacesApiRef,
  type WorkspaceListQuery,
} from '@internal/plugin-workspaces-react';

/** How often the list reloads by itself: statuses change on the hub's side too. */
export const REFRESH_INTERVAL_MS = 10_000;

/** @public */
export interface WorkspaceList {
  workspaces?: Workspace[];
  loading: boolean;
  /** The last failed load; the previous list stays shown meanwhile. */
  error?: Error;
  refresh: () => void;
}

/**
 * The workspaces of a query, reloaded every 10 s and whenever `refresh` is called.
 * No query (yet) means nothing to load, e.g. while the caller's role is unknown.
 */
export function useWorkspaceList(query?: WorkspaceListQuery): WorkspaceList {
  const api = useApi(workspacesApiRef);
  const [state, setState] = useState<Omit<WorkspaceList, 'refresh'>>({
    loading: true,
  });
  // Answers to an older load (a scope switched meanwhile) must not overwrite newer ones.
  const latest = useRef(0);
  const scope = query?.scope;
  const project = query?.project;
  const owner = query?.owner;

  const refresh = useCallback(() => {
    if (!scope) return;
    const load = ++latest.current;
    api.listWorkspaces({ scope, project, owner }).then(
      workspaces => {
        if (load === latest.current) setState({ workspaces, loading: false });
      },
      error => {
        if (load === latest.current) {
          setState(s => ({ ...s, error, loading: false }));
        }
      },
    );
  }, [api, scope, project, owner]);

  useEffect(() => {
    // The counter itself, not its value: bumping it on cleanup drops late answers.
    const loads = latest;
    setState({ loading: true });
    refresh();
    const timer = setInterval(() => {
      // A background tab need not poll; it reloads on the next tick once visible.
      if (!document.hidden) refresh();
    }, REFRESH_INTERVAL_MS);
    return () => {
      clearInterval(timer);
      loads.current++;
    };
  }, [refresh]);

  return { ...state, refresh };
}
