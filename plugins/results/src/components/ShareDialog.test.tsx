import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Entity } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderSettled } from '@internal/frontend-kit/testUtils';
import { resultsApiRef } from '../api';
import { mockResultsApi, result } from '../__testUtils__/fixtures';
import { ShareDialog } from './ShareDialog';

jest.setTimeout(30_000);

const entity = (kind: 'User' | 'Group', name: string, title: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default', title },
  spec: {},
});
const catalog = catalogApiMock({
  entities: [
    entity('User', 'grace', 'Grace Hopper'),
    entity('User', 'linus', 'Linus Torvalds'),
    entity('Group', 'team-genomics', 'Genomics team'),
  ],
});

async function renderShare(api = mockResultsApi()) {
  const onSaved = jest.fn();
  await renderSettled(
    <ShareDialog result={result()} open onClose={() => {}} onSaved={onSaved} />,
    { apis: [[resultsApiRef, api], [catalogApiRef, catalog]] },
  );
  return onSaved;
}

describe('ShareDialog', () => {
  it('shares with people and groups picked from the catalog', async () => {
    const api = mockResultsApi({
      setVisibility: jest.fn(async (_id, req) =>
        result({ visibility: req.visibility, sharedWith: req.sharedWith ?? [] }),
      ),
    });
    const onSaved = await renderShare(api);
    fireEvent.click(screen.getByLabelText('Named people and groups'));
    const picker = screen.getByRole('textbox', { name: /People and groups/ });
    // Typed and picked as a person does.
    const pick = async (typed: string, option: string) => {
      await userEvent.type(picker, typed);
      await userEvent.click(await screen.findByRole('option', { name: option }));
      expect(
        await screen.findByRole('button', { name: option }),
      ).toBeInTheDocument();
    };
    await pick('grace', 'Grace Hopper (user:default/grace)');
    await pick('genomics', 'Genomics team (group:default/team-genomics)');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(api.setVisibility).toHaveBeenCalledWith('r1', {
        visibility: 'named',
        sharedWith: ['user:default/grace', 'group:default/team-genomics'],
      }),
    );
    expect(onSaved).toHaveBeenCalled();
  });

  it('asks for someone to share with before saving a named share', async () => {
    const api = mockResultsApi();
    await renderShare(api);
    fireEvent.click(screen.getByLabelText('Named people and groups'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByText('Name at least one person or group to share with.'),
    ).toBeInTheDocument();
    expect(api.setVisibility).not.toHaveBeenCalled();
  });
});
