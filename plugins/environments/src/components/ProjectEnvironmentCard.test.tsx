import { act, fireEvent, screen } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import { EntityProvider, catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { workspacesApiRef } from '@internal/plugin-workspaces-react';
import { renderSettled } from '../__testUtils__/renderSettled';
import {
  catsVsDogs,
  churn,
  mockWorkspacesApi,
  pds2025,
  pds2026,
  project,
  workspace,
} from '../__testUtils__/fixtures';
import {
  ProjectEnvironmentCard,
  nextWorkspaceName,
} from './ProjectEnvironmentCard';

// A page renders in seconds when CI runs the jest projects side by side on 2 cores.
jest.setTimeout(30_000);

const catalog = () =>
  catalogApiMock({ entities: [pds2025, pds2026, catsVsDogs, churn] });

async function renderCard(
  entity: typeof catsVsDogs,
  launcher = mockWorkspacesApi(),
) {
  await renderSettled(
    <EntityProvider entity={entity}>
      <ProjectEnvironmentCard />
    </EntityProvider>,
    {
      apis: [
        [catalogApiRef, catalog()],
        [workspacesApiRef, launcher],
      ],
    },
  );
  return launcher;
}

describe('ProjectEnvironmentCard', () => {
  it('shows the pinned environment, its facts and the newer production version', async () => {
    await renderCard(catsVsDogs);
    expect(
      await screen.findByText(/A newer production version exists/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'python-data-science 2025.05' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/python-data-science-2025.05',
    );
    expect(screen.getByText('deprecated')).toBeInTheDocument();
    expect(screen.getByText('2026.11')).toBeInTheDocument();
    expect(
      screen.getByText(/1 added, 1 removed, 3 upgraded/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('upgraded python 3.11.9 → 3.12.7'),
    ).toBeInTheDocument();
    expect(screen.getByText('removed seaborn 0.13.2')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Compare the versions' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/python-data-science-2026.11/versions',
    );
    expect(screen.getByText('small')).toBeInTheDocument();
    expect(
      screen.getByText('template:default/python-analysis@1.0.0'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('file:///srv/git/cats-vs-dogs.git'),
    ).toBeInTheDocument();
  });

  it('says so when the project is on the newest production version', async () => {
    await renderCard(churn);
    expect(
      await screen.findByText('This is the newest production version.'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/A newer production version exists/)).toBeNull();
  });

  it('warns when the pinned environment is not in the catalog', async () => {
    await renderCard(
      project('lost', {
        'atrium.io/environment': 'resource:default/python-data-science-2019.01',
      }),
    );
    expect(
      await screen.findByText(
        /resource:default\/python-data-science-2019.01 is not in the catalog/,
      ),
    ).toBeInTheDocument();
  });

  it('launches a workspace with the project, its environment and profile, and follows it', async () => {
    jest.useFakeTimers();
    try {
      const launcher = mockWorkspacesApi({
        listWorkspaces: jest.fn(async () => [
          workspace({ name: 'cats-vs-dogs-1', status: 'stopped' }),
        ]),
        createWorkspace: jest.fn(async request =>
          workspace({ id: 'w-2', name: request.name, status: 'starting' }),
        ),
        getWorkspace: jest.fn(async () =>
          workspace({
            id: 'w-2',
            name: 'cats-vs-dogs-2',
            status: 'running',
            url: 'http://hub/user/ada/cats-vs-dogs-2/',
          }),
        ),
      });
      await renderCard(catsVsDogs, launcher);
      await screen.findByText(/A newer production version exists/);
      await act(async () => {
        fireEvent.click(
          screen.getByRole('button', { name: 'Launch workspace' }),
        );
      });
      expect(launcher.listWorkspaces).toHaveBeenCalledWith({
        scope: 'mine',
        project: 'component:default/cats-vs-dogs',
      });
      expect(launcher.createWorkspace).toHaveBeenCalledWith({
        name: 'cats-vs-dogs-2',
        profile: 'small',
        project: 'component:default/cats-vs-dogs',
        environment: 'resource:default/python-data-science-2025.05',
        start: true,
      });
      expect(screen.getByText(/: starting/)).toBeInTheDocument();
      expect(
        screen.getByRole('button', { name: 'Launch workspace' }),
      ).toBeDisabled();

      await act(async () => {
        jest.advanceTimersByTime(2000);
      });
      expect(launcher.getWorkspace).toHaveBeenCalledWith('w-2');
      expect(await screen.findByText(/: running/)).toBeInTheDocument();
      expect(screen.getByText('Open JupyterLab').closest('a')).toHaveAttribute(
        'href',
        'http://hub/user/ada/cats-vs-dogs-2/',
      );
      expect(
        screen.getByRole('link', { name: "This project's workspaces" }),
      ).toHaveAttribute(
        'href',
        '/catalog/default/component/cats-vs-dogs/workspaces',
      );
    } finally {
      jest.useRealTimers();
    }
  });

  it("shows the backend's reason when a launch is refused", async () => {
    const refusal = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'NotAllowedError',
            message: 'team-vision uses 4 of 4 GPUs: stop one first',
          },
          request: { method: 'POST', url: '/workspaces' },
          response: { statusCode: 403 },
        }),
        {
          status: 403,
          statusText: 'Forbidden',
          headers: { 'Content-Type': 'application/json' },
        },
      ),
    );
    const launcher = mockWorkspacesApi({
      createWorkspace: jest.fn(async () => Promise.reject(refusal)),
    });
    await renderCard(catsVsDogs, launcher);
    await screen.findByText(/A newer production version exists/);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Launch workspace' }));
    });
    expect(
      await screen.findByText('team-vision uses 4 of 4 GPUs: stop one first'),
    ).toBeInTheDocument();
  });

  it('cannot launch a project without a profile, and says how to fix it', async () => {
    await renderCard(project('bare', {}));
    expect(
      screen.getByText(/This project pins no environment/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Launch workspace' }),
    ).toBeDisabled();
    expect(
      screen.getByText(
        /Give the project an atrium.io\/workspace-profile annotation/,
      ),
    ).toBeInTheDocument();
  });
});

describe('nextWorkspaceName', () => {
  it('takes the first free number', () => {
    expect(nextWorkspaceName('cats-vs-dogs', [])).toBe('cats-vs-dogs-1');
    expect(
      nextWorkspaceName('cats-vs-dogs', ['cats-vs-dogs-1', 'cats-vs-dogs-3']),
    ).toBe('cats-vs-dogs-2');
  });

  it('makes a valid workspace name of any entity name', () => {
    const name = nextWorkspaceName(`My_Project.${'x'.repeat(80)}`, []);
    expect(name).toMatch(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/);
    expect(name.startsWith('my-project-xxx')).toBe(true);
  });
});
