import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderSettled } from '@internal/frontend-kit/testUtils';
import {
  mockCostsApi,
  report,
  responseError,
  series,
} from '../__testUtils__/fixtures';
import { costsApiRef } from '../api';
import { GroupCostsContent, ProjectCostsContent } from './EntityCostsContent';
import { presetRange } from './format';

// A page renders in seconds when CI runs the jest projects side by side on 2 cores.
jest.setTimeout(30_000);

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-genomics', title: 'Genomics team' },
  spec: { type: 'team', children: [] },
};

const project: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'cats-vs-dogs', namespace: 'default' },
  spec: {
    type: 'data-science-project',
    owner: 'group:default/team-vision',
  },
};

function renderIn(entity: Entity, element: JSX.Element, api = mockCostsApi()) {
  return renderSettled(
    <EntityProvider entity={entity}>{element}</EntityProvider>,
    {
      apis: [[costsApiRef, api]],
    },
  ).then(() => api);
}

describe('GroupCostsContent', () => {
  it("shows the group's cost by member, and by project when asked", async () => {
    const api = mockCostsApi({
      getReport: jest.fn(async query =>
        report({
          groupBy: query.groupBy,
          total: 52,
          series: [
            series('user:default/grace', 'Grace Hopper', [
              ['2026-11-02', 52, 4],
            ]),
          ],
        }),
      ),
    });
    await renderIn(group, <GroupCostsContent />, api);

    expect(
      await screen.findByText('Costs of Genomics team'),
    ).toBeInTheDocument();
    const row = (await screen.findByText('Grace Hopper')).closest('tr')!;
    expect(within(row).getByText('$52.00')).toBeInTheDocument();
    expect(api.getReport).toHaveBeenCalledWith({
      ...presetRange('this-month'),
      groupBy: 'user',
      group: 'group:default/team-genomics',
    });

    fireEvent.click(screen.getByRole('button', { name: 'Project' }));
    await waitFor(() =>
      expect(api.getReport).toHaveBeenLastCalledWith({
        ...presetRange('this-month'),
        groupBy: 'project',
        group: 'group:default/team-genomics',
      }),
    );
  });

  it('tells outsiders who may see the costs instead of an error', async () => {
    await renderIn(
      group,
      <GroupCostsContent />,
      mockCostsApi({
        getReport: jest.fn(async () => {
          throw await responseError(
            403,
            "You can see your own costs and your groups' costs; ask an admin for group:default/team-genomics",
            'NotAllowedError',
          );
        }),
      }),
    );
    expect(
      await screen.findByText(
        'Only members of Genomics team and admins see its costs.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('figure')).toBeNull();
  });

  it("shows the backend's message for other failures", async () => {
    await renderIn(
      group,
      <GroupCostsContent />,
      mockCostsApi({
        getReport: jest.fn(async () => {
          throw await responseError(
            400,
            'Invalid query: the range may cover at most 400 days',
          );
        }),
      }),
    );
    expect(
      await screen.findByText(
        'Error: Could not load the cost report: Invalid query: the range may cover at most 400 days',
      ),
    ).toBeInTheDocument();
  });
});

describe('ProjectCostsContent', () => {
  it("asks for the project's figures, and names the owning group on a 403", async () => {
    const api = await renderIn(
      project,
      <ProjectCostsContent />,
      mockCostsApi({
        getReport: jest.fn(async () => {
          throw await responseError(403, 'no', 'NotAllowedError');
        }),
      }),
    );
    expect(
      await screen.findByText(
        'Only members of team-vision and admins see its costs.',
      ),
    ).toBeInTheDocument();
    expect(api.getReport).toHaveBeenCalledWith({
      ...presetRange('this-month'),
      groupBy: 'user',
      project: 'component:default/cats-vs-dogs',
    });
  });
});
