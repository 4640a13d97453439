import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderSettled } from '@internal/frontend-kit/testUtils';
import { entry, mockAuditApi, responseError } from '../__testUtils__/fixtures';
import { auditApiRef } from '../api';
import { signedInAs } from '@internal/plugin-roles-react/testUtils';
import { AuditLogPage } from './AuditLogPage';

// A table page with filters, paging and a debounced search; slow on a shared machine.
jest.setTimeout(30_000);

const events = [
  entry(),
  entry({
    id: 'e-2',
    at: '2026-11-29T09:00:00.000Z',
    plugin: 'workspaces',
    eventId: 'workspace-stop',
    severityLevel: 'low',
    status: 'failed',
    actor: 'user:default/ada',
    ip: '10.0.0.9',
    method: 'POST',
    url: '/api/workspaces/workspaces/w1/stop',
    error: 'The hub did not answer in 30 s',
    meta: {
      before: { id: 'w1', status: 'running' },
      after: null,
    },
  }),
];

function renderPage(
  api = mockAuditApi({
    listEvents: jest.fn(async () => ({ items: events, total: 2 })),
  }),
  role: 'admin' | 'data-scientist' = 'admin',
) {
  return renderSettled(<AuditLogPage />, {
    apis: [
      [auditApiRef, api],
      ...signedInAs(role, { user: role === 'admin' ? 'margaret' : 'ada' }),
    ],
  }).then(() => api);
}

describe('AuditLogPage', () => {
  it('lists the newest events for an admin, with time, plugin, status, actor, ip and request', async () => {
    const api = await renderPage();

    expect(await screen.findByText('role-assignment-add')).toBeInTheDocument();
    expect(api.listEvents).toHaveBeenCalledTimes(1);
    expect(api.listEvents).toHaveBeenCalledWith({ limit: 20, offset: 0 });

    const row = screen.getByText('workspace-stop').closest('tr')!;
    expect(within(row).getByText('workspaces')).toBeInTheDocument();
    expect(within(row).getByText('failed')).toBeInTheDocument();
    expect(within(row).getByText('user:default/ada')).toBeInTheDocument();
    expect(within(row).getByText('10.0.0.9')).toBeInTheDocument();
    expect(
      within(row).getByText('POST /api/workspaces/workspaces/w1/stop'),
    ).toBeInTheDocument();
    // Local time on screen, the stored ISO time on hover.
    const time = within(row).getByTitle('2026-11-29T09:00:00.000Z');
    expect(time).toHaveTextContent(
      new Date('2026-11-29T09:00:00.000Z').toLocaleString(),
    );
    expect(screen.getByText(/2 matching, newest first/)).toBeInTheDocument();
  });

  it('queries again with each changed filter, from the first page', async () => {
    const api = await renderPage(
      mockAuditApi({
        listEvents: jest.fn(async () => ({ items: events, total: 45 })),
      }),
    );
    await screen.findByText('role-assignment-add');

    // Paging is the backend's: the next page asks for the next offset.
    fireEvent.click(screen.getByRole('button', { name: 'Next Page' }));
    await waitFor(() =>
      expect(api.listEvents).toHaveBeenLastCalledWith({
        limit: 20,
        offset: 20,
      }),
    );

    fireEvent.change(screen.getByLabelText('Plugin'), {
      target: { value: 'workspaces' },
    });
    await waitFor(() =>
      expect(api.listEvents).toHaveBeenLastCalledWith({
        plugin: 'workspaces',
        limit: 20,
        offset: 0,
      }),
    );

    fireEvent.change(screen.getByLabelText('Status'), {
      target: { value: 'failed' },
    });
    fireEvent.change(screen.getByLabelText('Actor'), {
      target: { value: 'ada' },
    });
    fireEvent.change(screen.getByLabelText('From'), {
      target: { value: '2026-11-01' },
    });
    fireEvent.change(screen.getByLabelText('To (included)'), {
      target: { value: '2026-11-30' },
    });
    await waitFor(() =>
      expect(api.listEvents).toHaveBeenLastCalledWith({
        plugin: 'workspaces',
        status: 'failed',
        actor: 'user:default/ada',
        from: new Date(2026, 10, 1).toISOString(),
        to: new Date(2026, 11, 1).toISOString(),
        limit: 20,
        offset: 0,
      }),
    );

    // Typing queries once, after the pause, not per key.
    const calls = api.listEvents.mock.calls.length;
    fireEvent.change(screen.getByLabelText('Search'), {
      target: { value: 'g' },
    });
    fireEvent.change(screen.getByLabelText('Search'), {
      target: { value: 'gpu' },
    });
    await waitFor(() =>
      expect(api.listEvents).toHaveBeenLastCalledWith(
        expect.objectContaining({ search: 'gpu' }),
      ),
    );
    expect(api.listEvents).toHaveBeenCalledTimes(calls + 1);
  });

  it('opens the details of an event: meta before and after, and the error', async () => {
    await renderPage();
    fireEvent.click(await screen.findByText('role-assignment-add'));

    const before = await screen.findByLabelText('Before');
    expect(before).toHaveTextContent('null');
    const after = screen.getByLabelText('After');
    expect(JSON.parse(after.textContent!)).toEqual({
      subjectRef: 'user:default/grace',
      role: 'devops',
    });
    expect(JSON.parse(screen.getByLabelText('Details').textContent!)).toEqual({
      subjectRef: 'user:default/grace',
      role: 'devops',
    });

    fireEvent.click(screen.getByText('workspace-stop'));
    expect(
      await screen.findByText('The hub did not answer in 30 s'),
    ).toBeInTheDocument();
    const befores = screen.getAllByLabelText('Before');
    expect(JSON.parse(befores[1].textContent!)).toEqual({
      id: 'w1',
      status: 'running',
    });
  });

  it("shows the backend's message when the query is refused", async () => {
    await renderPage(
      mockAuditApi({
        listEvents: jest.fn(async () => {
          throw await responseError(
            400,
            'Invalid query: from: must be a date such as 2026-11-01',
          );
        }),
      }),
    );
    expect(
      await screen.findByText(
        'Error: Could not load the audit log: Invalid query: from: must be a date such as 2026-11-01',
      ),
    ).toBeInTheDocument();
    // The filters stay, to correct the query.
    expect(screen.getByLabelText('Plugin')).toBeInTheDocument();
  });

  it("downloads the current filter's CSV", async () => {
    const csv = new Blob(['at,plugin\n'], { type: 'text/csv' });
    const api = await renderPage(
      mockAuditApi({
        listEvents: jest.fn(async () => ({ items: events, total: 2 })),
        exportCsv: jest.fn(async () => csv),
      }),
    );
    const createObjectURL = jest.fn((_blob: Blob) => 'blob:audit-csv');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const clicked: HTMLAnchorElement[] = [];
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        clicked.push(this);
      });

    try {
      await screen.findByText('role-assignment-add');
      fireEvent.change(screen.getByLabelText('Plugin'), {
        target: { value: 'roles' },
      });
      fireEvent.change(screen.getByLabelText('Event id'), {
        target: { value: 'role-assignment-add' },
      });
      fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));

      await waitFor(() => expect(clicked).toHaveLength(1));
      expect(api.exportCsv).toHaveBeenCalledWith({
        plugin: 'roles',
        eventId: 'role-assignment-add',
      });
      expect(createObjectURL).toHaveBeenCalledWith(csv);
      expect(clicked[0].href).toBe('blob:audit-csv');
      expect(clicked[0].download).toMatch(
        /^atrium-audit-log-\d{4}-\d{2}-\d{2}\.csv$/,
      );
      await waitFor(() =>
        expect(revokeObjectURL).toHaveBeenCalledWith('blob:audit-csv'),
      );
    } finally {
      click.mockRestore();
    }
  });

  it("shows the backend's message when the export fails", async () => {
    await renderPage(
      mockAuditApi({
        listEvents: jest.fn(async () => ({ items: events, total: 2 })),
        exportCsv: jest.fn(async () => {
          throw await responseError(503, 'The audit database is unavailable');
        }),
      }),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Export CSV' }));
    expect(
      await screen.findByText(
        'Error: Could not export the audit log: The audit database is unavailable',
      ),
    ).toBeInTheDocument();
  });

  it('tells non-admins the page is for admins, without asking the audit API', async () => {
    const api = await renderPage(mockAuditApi(), 'data-scientist');

    expect(
      await screen.findByText('This page is for platform admins'),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText('Plugin')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Export CSV' })).toBeNull();
    expect(api.listEvents).not.toHaveBeenCalled();
    expect(api.exportCsv).not.toHaveBeenCalled();
  });
});
