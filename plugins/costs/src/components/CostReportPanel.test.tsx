import { screen, within } from '@testing-library/react';
import { renderSettled } from '@internal/frontend-kit/testUtils';
import { mockCostsApi, report, series } from '../__testUtils__/fixtures';
import { costsApiRef } from '../api';
import { CostReportPanel } from './CostReportPanel';

jest.setTimeout(30_000);

const VISION = 'group:default/team-vision';
const GENOMICS = 'group:default/team-genomics';

describe('CostReportPanel by group', () => {
  it('shows the real total, shares of it, and what each row shares with others', async () => {
    // Ada ($110, in both groups) and Bob ($20, genomics only): $130 was spent.
    const vision = {
      ...series(VISION, 'Computer vision team', [['2026-11-02', 110, 5]]),
      alsoCountedIn: [{ key: GENOMICS, label: 'Genomics team', amount: 110 }],
    };
    const genomics = {
      ...series(GENOMICS, 'Genomics team', [['2026-11-02', 130, 6]]),
      alsoCountedIn: [
        { key: VISION, label: 'Computer vision team', amount: 110 },
      ],
    };
    const api = mockCostsApi();
    api.getReport.mockResolvedValue(
      report({ total: 130, series: [genomics, vision] }),
    );
    await renderSettled(
      <CostReportPanel title="Cost" groupByOptions={['group']} />,
      { apis: [[costsApiRef, api]] },
    );

    expect(
      await screen.findByText('$130.00', { selector: 'p' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/people in several groups count in each group's row/i),
    ).toBeInTheDocument();
    const visionRow = screen.getByText('Computer vision team').closest('tr')!;
    expect(within(visionRow).getByText('85%')).toBeInTheDocument();
    expect(
      within(visionRow).getByText(
        'includes $110.00 also counted in Genomics team',
      ),
    ).toBeInTheDocument();
    const genomicsRow = screen.getByText('Genomics team').closest('tr')!;
    expect(within(genomicsRow).getByText('100%')).toBeInTheDocument();
  });

  it('says nothing about shared rows when none share', async () => {
    await renderSettled(
      <CostReportPanel title="Cost" groupByOptions={['group']} />,
      { apis: [[costsApiRef, mockCostsApi()]] },
    );
    expect(await screen.findByText('$240.75')).toBeInTheDocument();
    expect(screen.queryByText(/also counted in/)).not.toBeInTheDocument();
    expect(
      screen.queryByText(/people in several groups/i),
    ).not.toBeInTheDocument();
  });
});
