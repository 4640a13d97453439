import { act, screen, waitFor } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { WorkspaceProgressEvent } from '@internal/plugin-workspaces-common';
import { workspacesApiRef } from '@internal/plugin-workspaces-react';
import { mockWorkspacesApi, workspace } from '../__testUtils__/fixtures';
import { WorkspaceProgress } from './WorkspaceProgress';

// A page renders in seconds when CI runs the jest projects side by side on 2 cores.
jest.setTimeout(30_000);

/** A progress stream the test feeds event by event. */
function controlledStream() {
  let emit: (e: WorkspaceProgressEvent) => void = () => {};
  let end: () => void = () => {};
  const streamProgress = jest.fn(
    (_id: string, onEvent: (e: WorkspaceProgressEvent) => void) =>
      new Promise<void>(resolve => {
        emit = onEvent;
        end = resolve;
      }),
  );
  // Events change state outside any React event, so they are fed inside act().
  return {
    streamProgress,
    emit: (e: WorkspaceProgressEvent) => act(async () => emit(e)),
    end: () => act(async () => end()),
  };
}

const bar = () => screen.getByRole('progressbar');

describe('WorkspaceProgress', () => {
  it('moves the bar with the hub and offers Open once ready', async () => {
    const stream = controlledStream();
    const onSettled = jest.fn();
    await renderInTestApp(
      <WorkspaceProgress workspaceId="w-1" onSettled={onSettled} />,
      {
        apis: [
          [
            workspacesApiRef,
            mockWorkspacesApi({ streamProgress: stream.streamProgress }),
          ],
        ],
      },
    );
    expect(bar()).toHaveAttribute('aria-valuenow', '0');
    expect(screen.getByText('Waiting for the hub…')).toBeInTheDocument();

    await stream.emit({ progress: 50, message: 'Pod scheduled on gpu-node-3' });
    expect(
      await screen.findByText('Pod scheduled on gpu-node-3'),
    ).toBeInTheDocument();
    expect(bar()).toHaveAttribute('aria-valuenow', '50');
    expect(onSettled).not.toHaveBeenCalled();

    await stream.emit({
      progress: 100,
      ready: true,
      message: 'Server ready',
      url: 'https://hub.example.com/user/ada/eda/',
    });
    await stream.end();
    const open = await screen.findByRole('link', { name: /Open workspace/ });
    expect(open).toHaveAttribute(
      'href',
      'https://hub.example.com/user/ada/eda/',
    );
    expect(open).toHaveAttribute('target', '_blank');
    expect(bar()).toHaveAttribute('aria-valuenow', '100');
    await waitFor(() => expect(onSettled).toHaveBeenCalledTimes(1));
  });

  it('shows a failure in red, as an alert, and no Open', async () => {
    const stream = controlledStream();
    const onSettled = jest.fn();
    await renderInTestApp(
      <WorkspaceProgress workspaceId="w-1" onSettled={onSettled} />,
      {
        apis: [
          [
            workspacesApiRef,
            mockWorkspacesApi({ streamProgress: stream.streamProgress }),
          ],
        ],
      },
    );
    await stream.emit({ progress: 30, message: 'Pulling image' });
    await stream.emit({
      progress: 30,
      failed: true,
      message: 'Image pull failed: manifest unknown',
    });
    await stream.end();

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Image pull failed: manifest unknown');
    expect(alert).toHaveClass('MuiTypography-colorError');
    expect(screen.queryByRole('link', { name: /Open workspace/ })).toBeNull();
    await waitFor(() => expect(onSettled).toHaveBeenCalledTimes(1));
  });

  it('asks the workspace where it stands when the stream ends without ready or failed', async () => {
    const api = mockWorkspacesApi({
      streamProgress: jest.fn(async (_id, onEvent) => {
        onEvent({ progress: 80, message: 'Waiting for the server' });
      }),
      getWorkspace: jest.fn(async () =>
        workspace({
          id: 'w-1',
          status: 'running',
          url: 'https://hub.example.com/user/ada/eda/',
        }),
      ),
    });
    await renderInTestApp(<WorkspaceProgress workspaceId="w-1" />, {
      apis: [[workspacesApiRef, api]],
    });

    expect(
      await screen.findByRole('link', { name: /Open workspace/ }),
    ).toHaveAttribute('href', 'https://hub.example.com/user/ada/eda/');
    expect(api.getWorkspace).toHaveBeenCalledWith('w-1');
  });
});
