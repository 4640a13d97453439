import type { ReactNode } from 'react';
import { act, renderHook, waitFor } from '@testing-library/react';
import { TestApiProvider } from '@backstage/frontend-test-utils';
import { workspacesApiRef } from '@internal/plugin-workspaces-react';
import { mockWorkspacesApi, workspace } from '../__testUtils__/fixtures';
import { REFRESH_INTERVAL_MS, useWorkspaceList } from './useWorkspaceList';

// A page renders in seconds when CI runs the jest projects side by side on 2 cores.
jest.setTimeout(30_000);

describe('useWorkspaceList', () => {
  afterEach(() => jest.useRealTimers());

  it('loads the query, reloads every 10 s and on refresh, and keeps the list on a failed reload', async () => {
    jest.useFakeTimers();
    const first = [workspace({ id: 'a', status: 'starting' })];
    const second = [workspace({ id: 'a', status: 'running' })];
    const api = mockWorkspacesApi({
      listWorkspaces: jest
        .fn()
        .mockResolvedValueOnce(first)
        .mockResolvedValueOnce(second)
        .mockRejectedValueOnce(new Error('Bad gateway'))
        .mockResolvedValue(second),
    });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[workspacesApiRef, api]]}>
        {children}
      </TestApiProvider>
    );
    const { result } = renderHook(
      () => useWorkspaceList({ scope: 'all', project: 'component:default/x' }),
      { wrapper },
    );

    await waitFor(() => expect(result.current.workspaces).toEqual(first));
    expect(api.listWorkspaces).toHaveBeenLastCalledWith({
      scope: 'all',
      project: 'component:default/x',
      owner: undefined,
    });

    await act(async () => {
      jest.advanceTimersByTime(REFRESH_INTERVAL_MS);
    });
    await waitFor(() => expect(result.current.workspaces).toEqual(second));
    expect(api.listWorkspaces).toHaveBeenCalledTimes(2);

    await act(async () => {
      result.current.refresh();
    });
    await waitFor(() =>
      expect(result.current.error?.message).toBe('Bad gateway'),
    );
    expect(result.current.workspaces).toEqual(second);
    expect(api.listWorkspaces).toHaveBeenCalledTimes(3);
  });

  it('loads nothing without a query', async () => {
    const api = mockWorkspacesApi();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[workspacesApiRef, api]]}>
        {children}
      </TestApiProvider>
    );
    const { result } = renderHook(() => useWorkspaceList(undefined), {
      wrapper,
    });
    expect(result.current.loading).toBe(true);
    expect(api.listWorkspaces).not.toHaveBeenCalled();
  });

  it('pages: gives the table a page fetcher for the query and bumps the version on refresh and every 10 s', async () => {
    jest.useFakeTimers();
    const api = mockWorkspacesApi({
      listWorkspacePage: jest.fn(async () => ({
        items: [workspace({ id: 'a' })],
        total: 9999,
      })),
    });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[workspacesApiRef, api]]}>
        {children}
      </TestApiProvider>
    );
    const { result } = renderHook(
      () => useWorkspaceList({ scope: 'all' }, { paged: true }),
      { wrapper },
    );
    // The whole list is never loaded.
    expect(api.listWorkspaces).not.toHaveBeenCalled();
    expect(result.current.workspaces).toBeUndefined();
    await expect(
      result.current.fetchPage!({ offset: 50, limit: 50, sort: 'name' }),
    ).resolves.toEqual({ items: [workspace({ id: 'a' })], total: 9999 });
    expect(api.listWorkspacePage).toHaveBeenCalledWith({
      scope: 'all',
      project: undefined,
      owner: undefined,
      offset: 50,
      limit: 50,
      sort: 'name',
    });

    const before = result.current.version!;
    await act(async () => result.current.refresh());
    expect(result.current.version).toBe(before + 1);
    await act(async () => {
      jest.advanceTimersByTime(REFRESH_INTERVAL_MS);
    });
    expect(result.current.version).toBe(before + 2);
    expect(api.listWorkspaces).not.toHaveBeenCalled();
  });
});
