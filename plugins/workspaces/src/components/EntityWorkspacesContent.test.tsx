import { fireEvent, screen } from '@testing-library/react';
import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { mockApis } from '@backstage/frontend-test-utils';
import { renderSettled } from '@internal/frontend-kit/testUtils';
import { signedInAs } from '@internal/plugin-roles-react/testUtils';
import { workspacesApiRef } from '@internal/plugin-workspaces-react';
import { mockWorkspacesApi, workspace } from '../__testUtils__/fixtures';
import { GroupWorkspacesContent } from './GroupWorkspacesContent';
import { ProjectWorkspacesContent } from './ProjectWorkspacesContent';

// A page renders in seconds when CI runs the jest projects side by side on 2 cores.
jest.setTimeout(30_000);

const project: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'churn-model', namespace: 'default' },
  spec: { type: 'data-science-project' },
};

const group: Entity = {
  apiVersion: 'backstage.io/v1',
  kind: 'Group',
  metadata: { name: 'team-vision', title: 'Team Vision' },
  spec: { type: 'team', children: [] },
  relations: [
    { type: 'hasMember', targetRef: 'user:default/ada' },
    { type: 'hasMember', targetRef: 'user:default/grace' },
    { type: 'childOf', targetRef: 'group:default/research' },
  ],
};

describe('ProjectWorkspacesContent', () => {
  it("lists the project's workspaces and launches one with the project filled in", async () => {
    const api = mockWorkspacesApi({
      listWorkspaces: jest.fn(async () => [
        workspace({
          name: 'churn-eda',
          project: 'component:default/churn-model',
        }),
      ]),
    });
    await renderSettled(
      <EntityProvider entity={project}>
        <ProjectWorkspacesContent />
      </EntityProvider>,
      {
        apis: [[workspacesApiRef, api], ...signedInAs('data-scientist')],
      },
    );

    expect(await screen.findByText('churn-eda')).toBeInTheDocument();
    expect(api.listWorkspaces).toHaveBeenCalledWith({
      scope: 'mine',
      project: 'component:default/churn-model',
    });

    fireEvent.click(
      screen.getByRole('button', { name: 'Launch for this project' }),
    );
    expect(await screen.findByRole('textbox', { name: /Project/ })).toHaveValue(
      'component:default/churn-model',
    );
  });
});

describe('GroupWorkspacesContent', () => {
  it("shows admins only the workspaces of the group's members", async () => {
    const api = mockWorkspacesApi({
      listWorkspaces: jest.fn(async () => [
        workspace({ id: '1', name: 'ada-eda', owner: 'user:default/ada' }),
        workspace({
          id: '2',
          name: 'grace-train',
          owner: 'user:default/Grace',
        }),
        workspace({ id: '3', name: 'bob-etl', owner: 'user:default/bob' }),
      ]),
    });
    await renderSettled(
      <EntityProvider entity={group}>
        <GroupWorkspacesContent />
      </EntityProvider>,
      {
        apis: [
          [workspacesApiRef, api],
          ...signedInAs('admin', { user: 'margaret' }),
          mockApis.identity({ userEntityRef: 'user:default/margaret' }),
        ],
      },
    );

    expect(await screen.findByText('ada-eda')).toBeInTheDocument();
    expect(screen.getByText('grace-train')).toBeInTheDocument();
    expect(screen.queryByText('bob-etl')).toBeNull();
    expect(
      screen.getByText("Workspaces of Team Vision's members"),
    ).toBeInTheDocument();
    expect(api.listWorkspaces).toHaveBeenCalledWith({ scope: 'all' });
  });

  it('tells non-admins the tab is for admins, without asking for everyone’s list', async () => {
    const api = mockWorkspacesApi();
    await renderSettled(
      <EntityProvider entity={group}>
        <GroupWorkspacesContent />
      </EntityProvider>,
      {
        apis: [[workspacesApiRef, api], ...signedInAs('data-scientist')],
      },
    );
    expect(
      await screen.findByText('This page is for platform admins'),
    ).toBeInTheDocument();
    expect(api.listWorkspaces).not.toHaveBeenCalled();
  });
});
