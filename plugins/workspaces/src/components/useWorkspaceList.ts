import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import type { Workspace } from '@internal/plugin-workspaces-common';
import {
  workspacesApiRef,
  type WorkspaceListQuery,
  type WorkspacePage,
  type WorkspacePageQuery,
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
  /**
   * A paged list (`paged: true`): the table asks for its pages itself, sorted and
   * filtered by the backend, and `workspaces` stays unset.
   */
  fetchPage?: (
    query: Omit<WorkspacePageQuery, keyof WorkspaceListQuery>,
  ) => Promise<WorkspacePage>;
  /** Counts the refreshes of a paged list: its table reloads the page on each. */
  version?: number;
}

/**
 * The workspaces of a query, reloaded every 10 s and whenever `refresh` is called.
 * No query (yet) means nothing to load, e.g. while the caller's role is unknown.
 * `paged` lists page by page instead (see `fetchPage`).
 */
export function useWorkspaceList(
  query?: WorkspaceListQuery,
  options: { paged?: boolean } = {},
): WorkspaceList {
  // Both hooks run every render (rules of hooks); the one not chosen loads nothing.
  const paged = useWorkspacePages(query, Boolean(options.paged));
  const whole = useWholeList(options.paged ? undefined : query);
  return options.paged ? paged : whole;
}

/**
 * Everyone's workspaces may be thousands: the table fetches one page at a time, and a
 * refresh (every 10 s, or after an action) bumps `version` so that it reloads its page.
 */
function useWorkspacePages(
  query: WorkspaceListQuery | undefined,
  enabled: boolean,
): WorkspaceList {
  const api = useApi(workspacesApiRef);
  const [version, setVersion] = useState(0);
  const scope = query?.scope;
  const project = query?.project;
  const owner = query?.owner;
  const refresh = useCallback(() => setVersion(v => v + 1), []);
  const fetchPage = useCallback(
    (page: Omit<WorkspacePageQuery, keyof WorkspaceListQuery>) =>
      api.listWorkspacePage({ ...page, scope: scope!, project, owner }),
    [api, scope, project, owner],
  );
  useEffect(() => {
    if (!enabled || !scope) return undefined;
    const timer = setInterval(() => {
      if (!document.hidden) refresh();
    }, REFRESH_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [enabled, scope, refresh]);
  return {
    loading: !scope,
    refresh,
    version,
    ...(scope ? { fetchPage } : {}),
  };
}

function useWholeList(query?: WorkspaceListQuery): WorkspaceList {
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
