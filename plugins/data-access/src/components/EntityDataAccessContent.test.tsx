import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Entity } from '@backstage/catalog-model';
import { mockApis } from '@backstage/frontend-test-utils';
import {
  catalogApiRef,
  entityRouteRef,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderSettled } from '@internal/frontend-kit/testUtils';
import { dataAccessApiRef } from '../api';
import {
  accessRequest,
  grant,
  mockDataAccessApi,
  responseError,
  sourceDetails,
} from '../__testUtils__/fixtures';
import { EntityDataAccessContent } from './EntityDataAccessContent';

jest.setTimeout(30_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'clinical-trials-2026', namespace: 'default' },
  spec: { type: 'database', owner: 'group:default/team-genomics' },
};

async function renderTab(api = mockDataAccessApi()) {
  await renderSettled(
    <EntityProvider entity={entity}>
      <EntityDataAccessContent />
    </EntityProvider>,
    {
      apis: [
        [dataAccessApiRef, api],
        [catalogApiRef, catalogApiMock({ entities: [] })],
        mockApis.identity({
          userEntityRef: 'user:default/ada',
          ownershipEntityRefs: ['user:default/ada', 'group:default/team-vision'],
        }),
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return api;
}

describe('EntityDataAccessContent', () => {
  it('shows how a workspace reaches the source, naming the Secret only, and who has access', async () => {
    const api = await renderTab();
    expect(await screen.findByText('pg.data.svc:5432')).toBeInTheDocument();
    expect(screen.getByText('clinical-trials-credentials')).toBeInTheDocument();
    expect(screen.getByText('Credentials (Secret)')).toBeInTheDocument();
    expect(
      screen.getByText('You have no access: your workspaces do not get this data.'),
    ).toBeInTheDocument();
    const grants = screen.getByText('Who has access').closest('.MuiPaper-root')!;
    expect(within(grants as HTMLElement).getByText('team-genomics')).toBeInTheDocument();
    // Not a manager: no past grants, no requests to decide, no grant button.
    expect(screen.queryByText('Past grants')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Grant access' })).not.toBeInTheDocument();
    expect(api.getSource).toHaveBeenCalledWith(
      'resource:default/clinical-trials-2026',
    );
  });

  it('requests access with a reason, for one of my groups, and shows the refusal of the backend', async () => {
    const api = mockDataAccessApi();
    api.requestAccess.mockRejectedValueOnce(
      await responseError(409, 'You already asked for clinical-trials-2026: wait for the decision or withdraw it'),
    );
    await renderTab(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Request access' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Request access to clinical-trials-2026',
    });
    expect(dialog).toHaveTextContent('an admin must approve it too');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Send request' }));
    expect(
      await within(dialog).findByText('Say why you need it: the owner decides on it'),
    ).toBeInTheDocument();
    expect(api.requestAccess).not.toHaveBeenCalled();

    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Reason' }), {
      target: { value: 'Train the trial-outcome model' },
    });
    fireEvent.mouseDown(within(dialog).getByLabelText('For'));
    fireEvent.click(await screen.findByRole('option', { name: 'team-vision' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Send request' }));
    expect(
      await within(dialog).findByText(
        'You already asked for clinical-trials-2026: wait for the decision or withdraw it',
      ),
    ).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Send request' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.requestAccess).toHaveBeenLastCalledWith({
      source: 'resource:default/clinical-trials-2026',
      access: 'read',
      reason: 'Train the trial-outcome model',
      forGroup: 'group:default/team-vision',
    });
    expect(api.getSource).toHaveBeenCalledTimes(2);
  });

  it('lists my requests with their status and lets me withdraw an open one', async () => {
    const api = mockDataAccessApi({
      getSource: jest.fn(async () =>
        sourceDetails({
          requests: [accessRequest({ status: 'owner-approved' })],
        }),
      ),
    });
    await renderTab(api);
    const mine = await screen.findByRole('list', { name: 'My requests' });
    expect(mine).toHaveTextContent(
      "Approved by the owner; waiting for an admin's approval",
    );
    expect(screen.getByRole('button', { name: 'Request access' })).toBeDisabled();
    fireEvent.click(within(mine).getByRole('button', { name: 'Withdraw' }));
    await waitFor(() => expect(api.withdraw).toHaveBeenCalledWith('r1'));
  });

  it('gives managers the open requests with Approve / Refuse, and past grants', async () => {
    const api = mockDataAccessApi({
      getSource: jest.fn(async () =>
        sourceDetails({
          canManage: true,
          requests: [accessRequest()],
          pastGrants: [
            grant({
              id: 'g0',
              subject: 'group:default/team-vision',
              endedAt: '2026-11-30T12:00:00Z',
              endedBy: 'user:default/grace',
              endReason: 'study closed',
            }),
          ],
        }),
      ),
    });
    await renderTab(api);
    expect(
      await screen.findByText('2026-11-30 by user:grace: study closed'),
    ).toBeInTheDocument();
    expect(
      screen.getByText("restricted: needs an admin's approval too"),
    ).toBeInTheDocument();
    fireEvent.click(
      screen.getByRole('button', { name: /^Refuse the request of user:ada/ }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(
      within(dialog).getByRole('textbox', { name: 'Why (the requester reads it)' }),
      { target: { value: 'Use the anonymised extract instead' } },
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Refuse' }));
    await waitFor(() =>
      expect(api.decide).toHaveBeenCalledWith('r1', {
        decision: 'refuse',
        comment: 'Use the anonymised extract instead',
      }),
    );
  });

  it('offers read-write to someone who can read already', async () => {
    const api = mockDataAccessApi({
      getSource: jest.fn(async () => sourceDetails({ myAccess: 'read' })),
    });
    await renderTab(api);
    expect(
      await screen.findByText(
        'You have read access: your workspaces get this data at launch.',
      ),
    ).toBeInTheDocument();
    fireEvent.click(
      screen.getByRole('button', { name: 'Request read-write access' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText('Read-write')).toBeChecked();
  });
});
