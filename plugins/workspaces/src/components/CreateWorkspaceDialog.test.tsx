import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  WORKSPACE_NAME_RULE,
  type CreateWorkspaceRequest,
} from '@internal/plugin-workspaces-common';
import { workspacesApiRef } from '@internal/plugin-workspaces-react';
import {
  mockWorkspacesApi,
  responseError,
  workspace,
} from '../__testUtils__/fixtures';
import { CreateWorkspaceDialog } from './CreateWorkspaceDialog';

// A page renders in seconds when CI runs the jest projects side by side on 2 cores.
jest.setTimeout(30_000);

function renderDialog(
  api: ReturnType<typeof mockWorkspacesApi>,
  props: { project?: string } = {},
) {
  const onChanged = jest.fn();
  const rendered = renderInTestApp(
    <CreateWorkspaceDialog
      open
      onClose={jest.fn()}
      onChanged={onChanged}
      project={props.project}
    />,
    { apis: [[workspacesApiRef, api]] },
  );
  return { ...rendered, onChanged };
}

const createButton = () =>
  screen.getByRole('button', { name: 'Create and start' });

describe('CreateWorkspaceDialog', () => {
  // Typing, two debounced previews and a profile switch: slow on a loaded machine.
  it('shows the price, budget and quota before launch, and does not offer a launch that would be refused', async () => {
    const api = mockWorkspacesApi({
      previewLaunch: jest.fn(async request =>
        request.profile === 'gpu'
          ? {
              profile: 'gpu',
              resources: { cpu: 4, memoryGiB: 16, gpu: 1 },
              facts: [
                {
                  check: 'costs',
                  label: 'Estimated cost',
                  value: '$2.67 per hour',
                },
                {
                  check: 'costs',
                  label: 'team-vision GPUs',
                  value: '4 of 4 in use',
                  tone: 'error' as const,
                },
              ],
              refusal:
                "team-vision uses 4 of 4 GPUs: stop 'train-2' or ask an admin",
            }
          : {
              profile: 'small',
              resources: { cpu: 2, memoryGiB: 8, gpu: 0 },
              facts: [
                {
                  check: 'costs',
                  label: 'Estimated cost',
                  value: '$0.09 per hour',
                },
                // Several lines of one label from one contributor (data access).
                {
                  check: 'data-access',
                  label: 'Data',
                  value: 'team-vision-shared (read-write, internal)',
                },
                {
                  check: 'data-access',
                  label: 'Data',
                  value: 'clinical-trials-2026: withheld (your access ended)',
                  tone: 'warning' as const,
                },
              ],
            },
      ),
    });
    renderDialog(api);
    await userEvent.type(
      await screen.findByRole('textbox', { name: /Name/ }),
      'train-3',
    );
    // The GPU profile is the default in the fixtures.
    expect(await screen.findByText('$2.67 per hour')).toBeInTheDocument();
    expect(screen.getByText('4 of 4 in use')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      "This launch would be refused: team-vision uses 4 of 4 GPUs: stop 'train-2' or ask an admin",
    );
    expect(createButton()).toBeDisabled();
    // Asked again once the form is still (typing may be slower than the debounce).
    await waitFor(() =>
      expect(api.previewLaunch).toHaveBeenLastCalledWith(
        expect.objectContaining({ profile: 'gpu', name: 'train-3' }),
      ),
    );

    // Choosing the small profile clears the refusal and offers the launch.
    fireEvent.mouseDown(screen.getByRole('button', { name: /Profile/ }));
    fireEvent.click(
      within(await screen.findByRole('listbox')).getByText(/^Small/),
    );
    expect(await screen.findByText('$0.09 per hour')).toBeInTheDocument();
    expect(screen.getAllByText('Data')).toHaveLength(2);
    expect(
      screen.getByText('team-vision-shared (read-write, internal)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('clinical-trials-2026: withheld (your access ended)'),
    ).toBeInTheDocument();
    await waitFor(() => expect(createButton()).toBeEnabled());
    expect(screen.queryByText(/would be refused/)).not.toBeInTheDocument();
  }, 30_000);

  it('refuses an invalid name, showing the rule, and posts nothing', async () => {
    const api = mockWorkspacesApi();
    renderDialog(api);
    const name = await screen.findByRole('textbox', { name: /Name/ });
    // The rule is shown before anything is typed...
    expect(
      screen.getByText(`Names ${WORKSPACE_NAME_RULE}.`),
    ).toBeInTheDocument();

    await userEvent.type(name, 'My_Notebook');
    // ...and given as the reason once the name breaks it.
    expect(
      screen.getByText(
        `“My_Notebook” is not a valid name: ${WORKSPACE_NAME_RULE}.`,
      ),
    ).toBeInTheDocument();
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(createButton()).toBeDisabled();
    fireEvent.submit(name.closest('form')!);
    expect(api.createWorkspace).not.toHaveBeenCalled();
  });

  it('preselects the default profile and option, posts a valid request and follows the start to ready', async () => {
    let finish: () => void = () => {};
    const api = mockWorkspacesApi({
      createWorkspace: jest.fn(async (req: CreateWorkspaceRequest) =>
        workspace({ id: 'w-new', name: req.name, status: 'starting' }),
      ),
      streamProgress: jest.fn(async (_id, onEvent) => {
        onEvent({ progress: 40, message: 'Pulling image jupyter/pytorch' });
        await new Promise<void>(resolve => {
          finish = resolve;
        });
        onEvent({
          progress: 100,
          ready: true,
          url: 'https://hub.example.com/user/ada/churn-eda/',
        });
      }),
    });
    const { onChanged } = renderDialog(api, {
      project: 'component:default/churn-model',
    });

    // The default profile (GPU) with its default image (PyTorch), and its resources.
    expect(await screen.findByText('GPU')).toBeInTheDocument();
    expect(screen.getByText('PyTorch')).toBeInTheDocument();
    expect(
      screen.getByText(/holds 4 CPU · 16 GiB · 1 GPU while it runs/),
    ).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Project/ })).toHaveValue(
      'component:default/churn-model',
    );

    await userEvent.type(
      screen.getByRole('textbox', { name: /Name/ }),
      'churn-eda',
    );
    expect(createButton()).toBeEnabled();
    fireEvent.click(createButton());

    await waitFor(() =>
      expect(api.createWorkspace).toHaveBeenCalledWith({
        name: 'churn-eda',
        profile: 'gpu',
        options: { image: 'pytorch' },
        project: 'component:default/churn-model',
        start: true,
      }),
    );
    // The hub's message and a determinate bar at its progress.
    expect(
      await screen.findByText('Pulling image jupyter/pytorch'),
    ).toBeInTheDocument();
    expect(screen.getByRole('progressbar')).toHaveAttribute(
      'aria-valuenow',
      '40',
    );
    expect(api.streamProgress).toHaveBeenCalledWith(
      'w-new',
      expect.any(Function),
      expect.any(AbortSignal),
    );
    expect(screen.queryByRole('link', { name: /Open workspace/ })).toBeNull();

    finish();
    const open = await screen.findByRole('link', { name: /Open workspace/ });
    expect(open).toHaveAttribute(
      'href',
      'https://hub.example.com/user/ada/churn-eda/',
    );
    expect(screen.getByRole('progressbar')).toHaveAttribute(
      'aria-valuenow',
      '100',
    );
    // After the create, and again once the start was over.
    expect(onChanged).toHaveBeenCalledTimes(2);
  });

  it('sends the options of another chosen profile and a normalized project ref', async () => {
    const api = mockWorkspacesApi({
      createWorkspace: jest.fn(async () => workspace({ id: 'w-2' })),
    });
    renderDialog(api);
    fireEvent.mouseDown(await screen.findByRole('button', { name: /Profile/ }));
    fireEvent.click(
      within(await screen.findByRole('listbox')).getByText(/^Small/),
    );
    await waitFor(() => expect(screen.queryByText('PyTorch')).toBeNull());

    await userEvent.type(screen.getByRole('textbox', { name: /Name/ }), 'eda');
    await userEvent.type(
      screen.getByRole('textbox', { name: /Project/ }),
      'churn-model',
    );
    fireEvent.click(createButton());

    await waitFor(() =>
      expect(api.createWorkspace).toHaveBeenCalledWith({
        name: 'eda',
        profile: 'small',
        options: {},
        project: 'component:default/churn-model',
        start: true,
      }),
    );
  });

  it("keeps the form and shows the backend's message when the create is refused", async () => {
    const api = mockWorkspacesApi({
      createWorkspace: jest.fn(async () => {
        throw await responseError(
          403,
          'Your group team-vision already uses 4 of its 4 GPUs; stop a GPU workspace first',
        );
      }),
    });
    renderDialog(api);
    await userEvent.type(
      await screen.findByRole('textbox', { name: /Name/ }),
      'gpu-2',
    );
    fireEvent.click(createButton());

    expect(
      await screen.findByText(
        'Your group team-vision already uses 4 of its 4 GPUs; stop a GPU workspace first',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Name/ })).toHaveValue('gpu-2');
    expect(createButton()).toBeEnabled();
    expect(api.streamProgress).not.toHaveBeenCalled();
  });
});
