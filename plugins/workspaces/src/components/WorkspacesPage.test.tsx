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
      listWorkspaces: jest.fn(async () => [
        workspace({ id: 'a', name: 'my-eda' }),
      ]),
      // Everyone's list comes a page at a time, sorted and filtered by the backend.
      listWorkspacePage: jest.fn(async () => ({
        items: [
          workspace({ id: 'b', name: 'bobs-model', owner: 'user:default/bob' }),
        ],
        total: 1234,
      })),
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
    expect(api.listWorkspacePage).toHaveBeenLastCalledWith(
      expect.objectContaining({ scope: 'all', offset: 0, limit: 50 }),
    );
    expect(api.listWorkspaces).not.toHaveBeenCalledWith(
      expect.objectContaining({ scope: 'all' }),
    );
    // The pager counts what the backend counted, not the rows it sent.
    expect(screen.getAllByText('1-50 of 1234').length).toBeGreaterThan(0);
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
