import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { workspacesApiRef } from '@internal/plugin-workspaces-react';
import { mockWorkspacesApi, workspace } from '../__testUtils__/fixtures';
import { CreateWorkspaceDialog } from './CreateWorkspaceDialog';
import { environmentSummary } from './format';
import { WorkspacesTable } from './WorkspacesTable';

// A page renders in seconds when CI runs the jest projects side by side on 2 cores.
jest.setTimeout(30_000);

const ENVIRONMENT = 'resource:default/team-vision-vision-training';

describe('the conda-store build a workspace runs', () => {
  it('is written after the environment', () => {
    expect(environmentSummary(ENVIRONMENT, 7)).toBe(
      'team-vision-vision-training, build #7',
    );
    expect(
      environmentSummary('resource:default/python-data-science-2025.05'),
    ).toBe('python-data-science-2025.05');
  });

  it("shows in the workspace's row", async () => {
    const training = workspace({
      id: 'w-1',
      name: 'training',
      status: 'stopped',
      environment: ENVIRONMENT,
      environmentBuild: 7,
    });
    await renderInTestApp(
      <WorkspacesTable
        title="My workspaces"
        list={{ workspaces: [training], loading: false, refresh: jest.fn() }}
      />,
      { apis: [[workspacesApiRef, mockWorkspacesApi()]] },
    );
    const row = screen.getByText('training').closest('tr')!;
    expect(
      within(row).getByText('team-vision-vision-training, build #7'),
    ).toBeInTheDocument();
  });

  it('shows in the launch dialog, and a build conda-store refuses blocks the launch with its reason', async () => {
    const refusal =
      "Build #5 of team-vision/vision-training was deleted in conda-store (its environment files are gone): launch a new workspace for it, which uses the current build (#7), or rebuild #5's specification in conda-store";
    const api = mockWorkspacesApi({
      previewLaunch: jest.fn(async request => ({
        profile: request.profile,
        resources: { cpu: 2, memoryGiB: 8, gpu: 0 },
        facts: [
          {
            check: 'conda-store',
            label: 'Environment',
            value:
              request.profile === 'gpu'
                ? 'team-vision/vision-training, build #5'
                : 'team-vision/vision-training, build #7',
            ...(request.profile === 'gpu' ? { tone: 'error' as const } : {}),
          },
        ],
        ...(request.profile === 'gpu' ? { refusal } : {}),
      })),
    });
    await renderInTestApp(
      <CreateWorkspaceDialog
        open
        onClose={jest.fn()}
        onChanged={jest.fn()}
        project="component:default/cats-vs-dogs"
      />,
      { apis: [[workspacesApiRef, api]] },
    );
    await userEvent.type(
      await screen.findByRole('textbox', { name: /Name/ }),
      'training',
    );
    // The GPU profile is the default in the fixtures: here, the refused build.
    expect(
      await screen.findByText('team-vision/vision-training, build #5'),
    ).toBeInTheDocument();
    expect(screen.getByText('Environment')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      `This launch would be refused: ${refusal}`,
    );
    expect(
      screen.getByRole('button', { name: 'Create and start' }),
    ).toBeDisabled();
  });
});
