import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Entity } from '@backstage/catalog-model';
import {
  catalogApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderSettled } from '@internal/frontend-kit/testUtils';
import { signedInAs } from '@internal/plugin-roles-react/testUtils';
import { dataAccessApiRef } from '../api';
import {
  accessRequest,
  mockDataAccessApi,
  responseError,
} from '../__testUtils__/fixtures';
import { AccessPage } from './AccessPage';

// A matrix, a requests table and the admins' panels render at once.
jest.setTimeout(30_000);

const group = (name: string, title: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default', title },
  spec: {},
});

async function renderPage(
  api = mockDataAccessApi(),
  role: 'admin' | 'data-scientist' = 'data-scientist',
) {
  await renderSettled(<AccessPage />, {
    apis: [
      [dataAccessApiRef, api],
      ...signedInAs(role, { user: role === 'admin' ? 'margaret' : 'grace' }),
      [
        catalogApiRef,
        catalogApiMock({
          entities: [
            group('team-vision', 'Computer vision team'),
            group('team-genomics', 'Genomics team'),
          ],
        }),
      ],
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  return api;
}

const rowOf = (name: string) =>
  screen.getByRole('link', { name: new RegExp(name) }).closest('tr')!;

describe('AccessPage', () => {
  it('shows each source with its type, sensitivity, my access and the groups holding grants', async () => {
    await renderPage();
    expect(
      await screen.findByRole('columnheader', { name: 'team-genomics' }),
    ).toBeInTheDocument();
    const trials = rowOf('clinical-trials-2026');
    expect(within(trials).getByText('Database')).toBeInTheDocument();
    expect(within(trials).getByText('restricted')).toBeInTheDocument();
    expect(
      within(trials).getByRole('button', {
        name: /Change or end the access of team-genomics to clinical-trials-2026 \(Read-write\)/,
      }),
    ).toBeInTheDocument();
    // The exception for one person, with its expiry.
    expect(
      within(trials).getByText('user:katherine: Read through 2027-01-31'),
    ).toBeInTheDocument();
    // A source the caller does not manage: plain text, and the group's own folder.
    const vision = rowOf('Vision shared folder');
    expect(within(vision).queryByRole('button')).not.toBeInTheDocument();
    expect(within(vision).getByText("the group's own folder")).toBeInTheDocument();
  });

  it('filters by sensitivity, type and text', async () => {
    await renderPage();
    await screen.findByText('Data sources (2)');
    fireEvent.mouseDown(screen.getByLabelText('Sensitivity'));
    fireEvent.click(await screen.findByRole('option', { name: 'restricted' }));
    expect(await screen.findByText('Data sources (1)')).toBeInTheDocument();
    expect(screen.queryByText('Vision shared folder')).not.toBeInTheDocument();
    fireEvent.change(
      screen.getByLabelText('Filter by name, description or owner'),
      { target: { value: 'vision' } },
    );
    expect(
      await screen.findByText('No data source matches these filters.'),
    ).toBeInTheDocument();
  });

  it('lets an owner grant a group access, showing the backend refusal as it comes', async () => {
    const api = mockDataAccessApi();
    api.grant.mockRejectedValueOnce(
      await responseError(400, 'expiresAt 2020-01-01 is in the past: pick a later day'),
    );
    await renderPage(api);
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Grant access to clinical-trials-2026',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Grant access to clinical-trials-2026',
    });
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Group or person/ }),
      'vision',
    );
    await userEvent.click(
      await screen.findByRole('option', {
        name: 'Computer vision team (group:default/team-vision)',
      }),
    );
    fireEvent.click(within(dialog).getByLabelText('Read-write'));
    fireEvent.change(within(dialog).getByLabelText('Last day of access (optional)'), {
      target: { value: '2020-01-01' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Grant' }));
    expect(
      await within(dialog).findByText(
        'expiresAt 2020-01-01 is in the past: pick a later day',
      ),
    ).toBeInTheDocument();
    fireEvent.change(within(dialog).getByLabelText('Last day of access (optional)'), {
      target: { value: '2027-06-30' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Grant' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.grant).toHaveBeenLastCalledWith({
      source: 'resource:default/clinical-trials-2026',
      subject: 'group:default/team-vision',
      access: 'read-write',
      expiresAt: '2027-06-30',
    });
    expect(api.getMatrix).toHaveBeenCalledTimes(2);
  });

  it('ends a group grant from its cell', async () => {
    const api = await renderPage();
    fireEvent.click(
      await screen.findByRole('button', {
        name: /Change or end the access of team-genomics/,
      }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'End access' }));
    await waitFor(() => expect(api.endGrant).toHaveBeenCalledWith('g1'));
  });

  it('lists requests to decide for owners; restricted ones say an admin must approve too', async () => {
    const api = mockDataAccessApi({
      listRequests: jest.fn(async () => [accessRequest()]),
    });
    await renderPage(api);
    const table = (await screen.findByText('Requests to decide')).closest(
      '.MuiPaper-root',
    ) as HTMLElement;
    expect(
      await within(table).findByText("restricted: needs an admin's approval too"),
    ).toBeInTheDocument();
    fireEvent.click(
      within(table).getByRole('button', { name: /^Approve the request of user:ada/ }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(/it needs an admin's approval too/),
    ).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(api.decide).toHaveBeenCalledWith('r1', { decision: 'approve' }),
    );
    expect(api.listRequests).toHaveBeenCalledWith({ scope: 'to-decide' });
  });

  it('shows admins the workspaces holding data without access and who could access a source on a date', async () => {
    const api = mockDataAccessApi({
      heldWithoutAccess: jest.fn(async () => [
        {
          workspaceId: 'w1',
          user: 'user:default/ada',
          source: 'resource:default/clinical-trials-2026',
          sourceName: 'clinical-trials-2026',
          launchedAt: '2026-12-01T08:00:00Z',
          reason: 'access to clinical-trials-2026 ended',
          action: 'listed' as const,
        },
      ]),
    });
    await renderPage(api, 'admin');
    expect(
      await screen.findByText('access to clinical-trials-2026 ended'),
    ).toBeInTheDocument();
    fireEvent.mouseDown(screen.getByLabelText('Data source'));
    fireEvent.click(
      await screen.findByRole('option', { name: 'clinical-trials-2026' }),
    );
    fireEvent.change(screen.getByLabelText('On'), {
      target: { value: '2026-11-15' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Look up' }));
    const people = await screen.findByRole('list', {
      name: 'People who could access it',
    });
    expect(people).toHaveTextContent(
      'user:grace: Read-write, through team-genomics',
    );
    expect(api.whoCouldAccess).toHaveBeenCalledWith(
      'resource:default/clinical-trials-2026',
      '2026-11-15',
    );
  });

  it('hides the admin panels from data scientists', async () => {
    const api = await renderPage();
    await screen.findByText('Data sources (2)');
    expect(screen.queryByText('Held without access')).not.toBeInTheDocument();
    expect(api.heldWithoutAccess).not.toHaveBeenCalled();
  });
});
