import { fireEvent, screen, within } from '@testing-library/react';
import { EntityProvider, catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderSettled } from '../__testUtils__/renderSettled';
import {
  catsVsDogs,
  churn,
  pds2024,
  pds2025,
  pds2026,
  r2026,
} from '../__testUtils__/fixtures';
import { EnvironmentVersionsContent } from './EnvironmentVersionsContent';

// A page renders in seconds when CI runs the jest projects side by side on 2 cores.
jest.setTimeout(30_000);

const catalog = () =>
  catalogApiMock({
    entities: [pds2025, r2026, pds2026, pds2024, catsVsDogs, churn],
  });

async function renderFor(entity: typeof pds2026) {
  return renderSettled(
    <EntityProvider entity={entity}>
      <EnvironmentVersionsContent />
    </EntityProvider>,
    { apis: [[catalogApiRef, catalog()]] },
  );
}

/** The rows of the table whose title is `title`, as arrays of cell texts. */
function tableRows(title: string): string[][] {
  const table = screen
    .getByText(title)
    .closest('[class*="MuiPaper-root"]') as HTMLElement;
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map(row =>
      within(row)
        .queryAllByRole('cell')
        .map(cell => cell.textContent ?? ''),
    );
}

describe('EnvironmentVersionsContent', () => {
  it('lists the versions newest first, with lifecycle and the projects on each', async () => {
    await renderFor(pds2026);
    expect(
      await screen.findByText('Versions of python-data-science'),
    ).toBeInTheDocument();
    const rows = tableRows('Versions of python-data-science');
    expect(rows.map(row => row[0])).toEqual([
      '2026.11 (this page)',
      '2025.05',
      '2024.12',
    ]);
    expect(rows.map(row => row[1])).toEqual([
      'production',
      'deprecated',
      'deprecated',
    ]);
    expect(rows.map(row => row[3])).toEqual([
      'churn-model',
      'cats-vs-dogs',
      '—',
    ]);
    // Other environments are not versions of this one.
    expect(screen.queryByText(/r-data-science/)).toBeNull();
  });

  it('shows what changed from the previous version to this one', async () => {
    await renderFor(pds2026);
    const title = 'What changed from 2025.05 to 2026.11';
    expect(await screen.findByText(title)).toBeInTheDocument();
    expect(
      screen.getByText('1 added, 1 removed, 3 upgraded'),
    ).toBeInTheDocument();
    expect(tableRows(title)).toEqual([
      ['added', 'polars', 'conda', '—', '1.14.0'],
      ['removed', 'seaborn', 'conda', '0.13.2', '—'],
      ['upgraded', 'numpy', 'conda', '1.26.4', '2.1.3'],
      ['upgraded', 'pandas', 'conda', '2.2.2', '2.2.3'],
      ['upgraded', 'python', 'conda', '3.11.9', '3.12.7'],
    ]);
  });

  it('compares any two versions the user picks', async () => {
    await renderFor(pds2026);
    await screen.findByText('What changed from 2025.05 to 2026.11');
    // The select's name says which version it shows, not only which end it is.
    const from = screen.getByRole('button', {
      name: 'From version 2025.05 (deprecated)',
    });
    fireEvent.mouseDown(from);
    fireEvent.click(
      await screen.findByRole('option', { name: '2024.12 (deprecated)' }),
    );
    const title = 'What changed from 2024.12 to 2026.11';
    expect(await screen.findByText(title)).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'From version 2024.12 (deprecated)' }),
    ).toBeInTheDocument();
    expect(tableRows(title).map(row => row[1])).toEqual([
      'polars',
      'seaborn',
      'ipykernel',
      'numpy',
      'pandas',
      'python',
    ]);
  });

  it('compares the oldest version with the newest', async () => {
    await renderFor(pds2024);
    expect(
      await screen.findByText('What changed from 2024.12 to 2026.11'),
    ).toBeInTheDocument();
  });
});
