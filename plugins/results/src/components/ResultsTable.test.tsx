import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderSettled } from '@internal/frontend-kit/testUtils';
import type { ListResultsQuery } from '@internal/plugin-results-common';
import { resultsApiRef } from '../api';
import { mockResultsApi, result } from '../__testUtils__/fixtures';
import { ResultsTable } from './ResultsTable';

jest.setTimeout(30_000);

/** A backend holding `total` results, answering the page asked for. */
function apiHolding(total: number) {
  return mockResultsApi({
    listResults: jest.fn(async (q: ListResultsQuery) => {
      const offset = q.offset ?? 0;
      const count = Math.max(0, Math.min(q.limit ?? 50, total - offset));
      return {
        items: Array.from({ length: count }, (_, i) =>
          result({ id: `r${offset + i}`, title: `Result ${offset + i}` }),
        ),
        totalCount: total,
      };
    }),
  });
}

describe('ResultsTable', () => {
  it('shows a list that fits in one request whole, sortable and filterable', async () => {
    const api = apiHolding(3);
    await renderSettled(<ResultsTable />, { apis: [[resultsApiRef, api]] });
    expect(await screen.findByText('Results (3)')).toBeInTheDocument();
    expect(screen.getByText('Result 2')).toBeInTheDocument();
    expect(api.listResults).toHaveBeenCalledTimes(1);
  });

  it('pages through the backend past what one request holds, sorting and filtering there', async () => {
    const api = apiHolding(450);
    await renderSettled(<ResultsTable query={{ team: 'group:default/team-vision' }} />, {
      apis: [[resultsApiRef, api]],
    });
    expect(await screen.findByText('Results (450, newest first)')).toBeInTheDocument();
    expect(await screen.findByText('Result 49')).toBeInTheDocument();
    expect(screen.queryByText('Result 50')).toBeNull();
    const base = { team: 'group:default/team-vision', sort: 'updatedAt', order: 'desc' };
    expect(api.listResults).toHaveBeenLastCalledWith({ ...base, limit: 50, offset: 0 });
    await userEvent.click(screen.getByRole('button', { name: /next page/i }));
    expect(await screen.findByText('Result 50')).toBeInTheDocument();
    await waitFor(() =>
      expect(api.listResults).toHaveBeenLastCalledWith({ ...base, limit: 50, offset: 50 }),
    );

    // A column header sorts on the backend, and the title says so.
    await userEvent.click(screen.getByRole('button', { name: 'Title' }));
    await waitFor(() =>
      expect(api.listResults).toHaveBeenLastCalledWith(
        expect.objectContaining({ sort: 'title', order: 'desc', offset: 0 }),
      ),
    );
    expect(await screen.findByText('Results (450, by title, Z to A)')).toBeInTheDocument();

    // The filter row's text filters go to the backend too.
    await userEvent.type(screen.getByRole('searchbox', { name: 'filter data by Title' }), 'cats');
    await waitFor(() =>
      expect(api.listResults).toHaveBeenLastCalledWith(
        expect.objectContaining({ titleContains: 'cats', sort: 'title' }),
      ),
    );
  });
});
