import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderSettled } from '@internal/frontend-kit/testUtils';
import {
  budget,
  mockCostsApi,
  orgEntities,
  quota,
  report,
  responseError,
} from '../__testUtils__/fixtures';
import { costsApiRef } from '../api';
import { signedInAs } from '@internal/plugin-roles-react/testUtils';
import { CostsPage } from './CostsPage';
import { presetRange } from './format';

// Seven cards with tables render at once; slow on a shared machine.
jest.setTimeout(30_000);

async function renderPage(
  api = mockCostsApi(),
  role: 'admin' | 'data-scientist' = 'admin',
) {
  await renderSettled(<CostsPage />, {
    apis: [
      [costsApiRef, api],
      ...signedInAs(role, { user: role === 'admin' ? 'margaret' : 'ada' }),
      [catalogApiRef, catalogApiMock({ entities: orgEntities })],
    ],
  });
  return api;
}

/** The cost report's card, once its figures are in. */
async function reportCard() {
  const figure = await screen.findByRole('figure', { name: /^Cost per / });
  return figure.closest('.MuiCard-root') as HTMLElement;
}

function rowOf(text: string) {
  return screen.getByText(text).closest('tr')!;
}

describe('CostsPage for admins', () => {
  it("shows everyone's cost over time, top spenders, bills, budgets, quotas and idle waste", async () => {
    const api = await renderPage();

    // The report: total, demo chip, and the series as a table beside the chart.
    const card = await reportCard();
    expect(within(card).getByText('$240.75')).toBeInTheDocument();
    expect(screen.getAllByText('Demo data').length).toBeGreaterThan(0);
    expect(
      screen.getByRole('figure', { name: /^Cost per day by group/ }),
    ).toBeInTheDocument();
    const vision = rowOf('Computer vision team');
    expect(within(vision).getByText('$200.75')).toBeInTheDocument();
    expect(within(vision).getByText('83%')).toBeInTheDocument();
    const thisMonth = presetRange('this-month');
    expect(api.getReport).toHaveBeenCalledWith({
      ...thisMonth,
      groupBy: 'group',
    });

    // Top spenders of the month.
    expect(await screen.findByText('Ada Lovelace')).toBeInTheDocument();
    expect(screen.getByText('$190.20')).toBeInTheDocument();

    // Metered vs billed, with the failing source's reason.
    expect(
      within(screen.getByRole('region', { name: 'Metered' })).getByText(
        '$240.75',
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('region', { name: 'OpenCost' })).getByText(
        '$265.10',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /AWS Cost Explorer did not answer: AccessDeniedException/,
      ),
    ).toBeInTheDocument();
    expect(api.getActualCosts).toHaveBeenCalledWith({
      from: thisMonth.from,
      to: thisMonth.to,
    });

    // Budgets: amount, spent with its bar, forecast, alerts sent.
    await waitFor(() =>
      expect(
        screen.getByRole('progressbar', { name: 'team-vision: budget spent' }),
      ).toHaveAttribute('aria-valuenow', '82'),
    );
    const budgetRow = screen
      .getByRole('progressbar', { name: 'team-vision: budget spent' })
      .closest('tr')!;
    expect(within(budgetRow).getByText('$500.00')).toBeInTheDocument();
    expect(within(budgetRow).getByText('$412.30')).toBeInTheDocument();
    expect(
      within(budgetRow).getByText('196% of the budget'),
    ).toBeInTheDocument();
    expect(
      within(budgetRow)
        .getAllByText(/^(50%|80%|forecast)$/)
        .map(e => e.textContent),
    ).toEqual(['50%', '80%', 'forecast']);

    // Quotas: used against the limit, and who holds it.
    const quotaRow = screen.getByText(/cnn-train \(ada\)/).closest('tr')!;
    expect(within(quotaRow).getByText('1 / 2')).toBeInTheDocument();
    expect(within(quotaRow).getByText('8 (no limit)')).toBeInTheDocument();

    // Idle waste with its total.
    expect(
      screen.getByText('Idle waste: $57.60 over 2 workspace sessions'),
    ).toBeInTheDocument();
    expect(
      within(rowOf('forgotten-gpu')).getByText('$50.40'),
    ).toBeInTheDocument();
  });

  it('asks again for the period and grouping picked, and exports the same query as CSV', async () => {
    const api = await renderPage();
    await reportCard();

    fireEvent.change(screen.getAllByLabelText('Period')[0], {
      target: { value: 'last-12-months' },
    });
    fireEvent.click(
      within(screen.getByRole('group', { name: 'Group by' })).getByRole(
        'button',
        { name: 'Project' },
      ),
    );
    const twelve = presetRange('last-12-months');
    expect(twelve.interval).toBe('month');
    await waitFor(() =>
      expect(api.getReport).toHaveBeenLastCalledWith({
        ...twelve,
        groupBy: 'project',
      }),
    );
    // The bills and the waste follow the same period.
    await waitFor(() =>
      expect(api.getIdleWaste).toHaveBeenLastCalledWith({
        from: twelve.from,
        to: twelve.to,
      }),
    );
    expect(api.getActualCosts).toHaveBeenLastCalledWith({
      from: twelve.from,
      to: twelve.to,
    });

    const createObjectURL = jest.fn((_blob: Blob) => 'blob:costs-csv');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const clicked: HTMLAnchorElement[] = [];
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        clicked.push(this);
      });
    try {
      fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
      await waitFor(() => expect(clicked).toHaveLength(1));
      expect(api.exportReportCsv).toHaveBeenCalledWith({
        ...twelve,
        groupBy: 'project',
      });
      expect(clicked[0].download).toBe(
        `atrium-costs-by-project-${twelve.from}-to-${twelve.to}.csv`,
      );
    } finally {
      click.mockRestore();
    }
  });

  it('sets a budget for a group picked from the catalog, then lists it', async () => {
    const api = await renderPage(
      mockCostsApi({ listBudgets: jest.fn(async () => []) }),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Set budget' }));
    const dialog = await screen.findByRole('dialog', { name: 'Set a budget' });

    // Nothing chosen: the form says what is missing and sends nothing.
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Save budget' }),
    );
    expect(
      await within(dialog).findByText('Pick a user or group'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('Enter the monthly amount'),
    ).toBeInTheDocument();
    expect(api.setBudget).not.toHaveBeenCalled();

    const subject = within(dialog).getByRole('textbox', {
      name: /User or group/,
    });
    fireEvent.change(subject, { target: { value: 'vision' } });
    fireEvent.click(
      await screen.findByText(
        'Computer vision team (group:default/team-vision)',
      ),
    );
    const amount = within(dialog).getByRole('textbox', {
      name: /Monthly budget/,
    });
    fireEvent.change(amount, { target: { value: '0' } });
    expect(
      within(dialog).getByText('The amount must be above 0'),
    ).toBeInTheDocument();
    fireEvent.change(amount, { target: { value: '750.5' } });

    api.listBudgets.mockResolvedValue([
      budget({ monthlyAmount: 750.5, alertsSent: [] }),
    ]);
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Save budget' }),
    );
    await waitFor(() =>
      expect(api.setBudget).toHaveBeenCalledWith({
        subjectRef: 'group:default/team-vision',
        monthlyAmount: 750.5,
      }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByText('$750.50')).toBeInTheDocument();
    expect(api.listBudgets).toHaveBeenCalledTimes(2);
  });

  it("keeps the dialog open with the backend's 400 message", async () => {
    const api = await renderPage(
      mockCostsApi({
        setBudget: jest.fn(async () => {
          throw await responseError(
            400,
            'Invalid budget: monthlyAmount must be at most 1000000',
          );
        }),
      }),
    );
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Edit the budget of team-vision',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Edit the budget of team-vision',
    });
    const amount = within(dialog).getByRole('textbox', {
      name: /Monthly budget/,
    });
    expect(amount).toHaveValue('500');
    fireEvent.change(amount, { target: { value: '5000000' } });
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Save budget' }),
    );
    expect(
      await within(dialog).findByText(
        'Invalid budget: monthlyAmount must be at most 1000000',
      ),
    ).toBeInTheDocument();
    expect(api.setBudget).toHaveBeenCalledWith({
      subjectRef: 'group:default/team-vision',
      monthlyAmount: 5000000,
    });
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('removes a budget after asking', async () => {
    const api = await renderPage();
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Remove the budget of team-vision',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Remove the budget of team-vision?',
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));
    await waitFor(() =>
      expect(api.deleteBudget).toHaveBeenCalledWith(
        'group:default/team-vision',
      ),
    );
    await waitFor(() => expect(api.listBudgets).toHaveBeenCalledTimes(2));
  });

  it('edits a quota: no GPUs for the group, whole numbers only', async () => {
    const api = await renderPage(
      mockCostsApi({ listQuotas: jest.fn(async () => [quota()]) }),
    );
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Edit the quota of team-vision',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Edit the quota of team-vision',
    });
    const gpus = within(dialog).getByRole('textbox', { name: 'Max GPUs' });
    expect(gpus).toHaveValue('2');
    fireEvent.change(gpus, { target: { value: '0.5' } });
    expect(
      within(dialog).getByText('Must be a whole number'),
    ).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save quota' }));
    expect(api.setQuota).not.toHaveBeenCalled();

    fireEvent.change(gpus, { target: { value: '0' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save quota' }));
    await waitFor(() =>
      expect(api.setQuota).toHaveBeenCalledWith({
        subjectRef: 'group:default/team-vision',
        maxGpu: 0,
        maxRunningWorkspaces: 4,
      }),
    );
  });

  it('refuses a quota without any limit before asking the backend', async () => {
    const api = await renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Set quota' }));
    const dialog = await screen.findByRole('dialog', { name: 'Set a quota' });
    fireEvent.change(
      within(dialog).getByRole('textbox', { name: /User or group/ }),
      {
        target: { value: 'ada' },
      },
    );
    fireEvent.click(await screen.findByText('Ada Lovelace (user:default/ada)'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save quota' }));
    expect(
      await within(dialog).findByText('Set at least one limit'),
    ).toBeInTheDocument();
    expect(api.setQuota).not.toHaveBeenCalled();
  });

  it('says what to do when the costs backend does not answer, and retries', async () => {
    const api = await renderPage(
      mockCostsApi({
        getReport: jest
          .fn()
          .mockRejectedValueOnce(new TypeError('Failed to fetch'))
          .mockResolvedValue(report()),
      }),
    );
    expect(
      await screen.findByText(
        "Error: The costs backend did not answer the cost report (Failed to fetch): retry, or ask DevOps to check the portal's logs",
      ),
    ).toBeInTheDocument();
    fireEvent.click(screen.getAllByRole('button', { name: 'Retry' })[0]);
    expect(within(await reportCard()).getByText('$240.75')).toBeInTheDocument();
    expect(api.getReport).toHaveBeenCalledTimes(2);
  });
});

describe('CostsPage for data scientists', () => {
  it('shows my month, remaining budgets and quota headroom, and asks nothing admin-only', async () => {
    const api = await renderPage(mockCostsApi(), 'data-scientist');

    expect(await screen.findByText('My usage this month')).toBeInTheDocument();
    expect(screen.getByText('November 2026')).toBeInTheDocument();
    expect(screen.getByText('$212.50')).toBeInTheDocument();
    expect(screen.getByText('$455.75')).toBeInTheDocument();
    expect(screen.getByText('42.5')).toBeInTheDocument();
    expect(
      screen.getByText('Mine: $87.50 left of $300.00'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Group team-vision: $87.70 left of $500.00'),
    ).toBeInTheDocument();
    expect(screen.getByText('GPU 1 of 2 free')).toBeInTheDocument();
    expect(screen.getByText('Workspaces 3 of 4 free')).toBeInTheDocument();
    const byProfile = screen.getByRole('table', { name: 'My cost by profile' });
    expect(within(byProfile).getByText('GPU Instance')).toBeInTheDocument();
    expect(within(byProfile).getByText('$180.00')).toBeInTheDocument();

    expect(await screen.findByText('My cost over time')).toBeInTheDocument();
    expect(api.getReport).toHaveBeenCalledWith({
      ...presetRange('this-month'),
      groupBy: 'profile',
    });
    expect(screen.queryByRole('button', { name: 'Set budget' })).toBeNull();
    const groupBy = screen.getByRole('group', { name: 'Group by' });
    expect(
      within(groupBy)
        .getAllByRole('button')
        .map(b => b.textContent),
    ).toEqual(['Profile', 'Project']);
    for (const adminOnly of [
      api.listBudgets,
      api.listQuotas,
      api.getTopSpenders,
      api.getIdleWaste,
      api.getActualCosts,
    ]) {
      expect(adminOnly).not.toHaveBeenCalled();
    }
  });
});
