import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderSettled } from '@internal/frontend-kit/testUtils';
import { signedInAs } from '@internal/plugin-roles-react/testUtils';
import { workspacesApiRef } from '@internal/plugin-workspaces-react';
import { mockWorkspacesApi, workspace } from '../__testUtils__/fixtures';
import { WorkspacesPage } from './WorkspacesPage';

// A page renders in seconds when CI runs the jest projects side by side on 2 cores.
jest.setTimeout(30_000);

describe('WorkspacesPage', () => {
  it("lets admins switch to everyone's workspaces, with an Owner column", async () => {
    const api = mockWorkspacesApi({
      listWorkspaces: jest.fn(async ({ scope }) =>
        scope === 'all'
          ? [
              workspace({
                id: 'b',
                name: 'bobs-model',
                owner: 'user:default/bob',
              }),
            ]
          : [workspace({ id: 'a', name: 'my-eda' })],
      ),
    });
    await renderSettled(<WorkspacesPage />, {
      apis: [
        [workspacesApiRef, api],
        ...signedInAs('admin', { user: 'margaret' }),
      ],
    });

    expect(await screen.findByText('my-eda')).toBeInTheDocument();
    expect(api.listWorkspaces).toHaveBeenCalledWith(
      expect.objectContaining({ scope: 'mine' }),
    );
    expect(screen.queryByText('Owner')).toBeNull();

    fireEvent.click(await screen.findByRole('button', { name: "Everyone's" }));
    expect(await screen.findByText('bobs-model')).toBeInTheDocument();
    expect(api.listWorkspaces).toHaveBeenLastCalledWith(
      expect.objectContaining({ scope: 'all' }),
    );
    expect(screen.getByText('Owner')).toBeInTheDocument();
    expect(screen.getByText('bob')).toBeInTheDocument();
  });

  it('gives others only their own list and opens the create dialog', async () => {
    const api = mockWorkspacesApi();
    await renderSettled(<WorkspacesPage />, {
      apis: [[workspacesApiRef, api], ...signedInAs('data-scientist')],
    });

    expect(await screen.findByText(/No workspaces yet/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: "Everyone's" })).toBeNull();
    expect(api.listWorkspaces).not.toHaveBeenCalledWith(
      expect.objectContaining({ scope: 'all' }),
    );

    fireEvent.click(screen.getByRole('button', { name: 'New workspace' }));
    expect(
      await screen.findByRole('button', { name: 'Create and start' }),
    ).toBeInTheDocument();
    await waitFor(() => expect(api.listProfiles).toHaveBeenCalled());
  });
});
