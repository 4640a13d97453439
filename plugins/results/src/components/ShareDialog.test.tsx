import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderSettled } from '@internal/frontend-kit/testUtils';
import { resultsApiRef } from '../api';
import { mockResultsApi, result } from '../__testUtils__/fixtures';
import { ShareDialog, parseSharedWith } from './ShareDialog';

jest.setTimeout(30_000);

describe('parseSharedWith', () => {
  it('reads names and refs, defaulting to users in the default namespace', () => {
    expect(parseSharedWith('ada, group:team-vision  user:other/grace')).toEqual(
      {
        refs: [
          'user:default/ada',
          'group:default/team-vision',
          'user:other/grace',
        ],
        invalid: [],
      },
    );
    expect(parseSharedWith('component:x, bad name!').invalid).toEqual([
      'component:x',
      'name!',
    ]);
  });
});

describe('ShareDialog', () => {
  it('shares with named people and groups', async () => {
    const api = mockResultsApi({
      setVisibility: jest.fn(async (_id, req) =>
        result({
          visibility: req.visibility,
          sharedWith: req.sharedWith ?? [],
        }),
      ),
    });
    const onSaved = jest.fn();
    await renderSettled(
      <ShareDialog
        result={result()}
        open
        onClose={() => {}}
        onSaved={onSaved}
      />,
      { apis: [[resultsApiRef, api]] },
    );
    fireEvent.click(screen.getByLabelText('Named people and groups'));
    fireEvent.change(screen.getByLabelText('People and groups'), {
      target: { value: 'grace, group:team-genomics' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(api.setVisibility).toHaveBeenCalledWith('r1', {
        visibility: 'named',
        sharedWith: ['user:default/grace', 'group:default/team-genomics'],
      }),
    );
    expect(onSaved).toHaveBeenCalled();
  });

  it('refuses names that are not people or groups, saying how to write them', async () => {
    const api = mockResultsApi();
    await renderSettled(
      <ShareDialog
        result={result()}
        open
        onClose={() => {}}
        onSaved={() => {}}
      />,
      { apis: [[resultsApiRef, api]] },
    );
    fireEvent.click(screen.getByLabelText('Named people and groups'));
    fireEvent.change(screen.getByLabelText('People and groups'), {
      target: { value: 'component:x' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByText(/Not a person or group: component:x/),
    ).toBeInTheDocument();
    expect(api.setVisibility).not.toHaveBeenCalled();
  });
});
