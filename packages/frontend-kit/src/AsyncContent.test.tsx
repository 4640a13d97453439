import { fireEvent, render, screen } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import { AsyncContent, couldNotLoad } from './AsyncContent';

describe('AsyncContent', () => {
  it('shows a spinner, then the content', () => {
    const retry = jest.fn();
    const { rerender } = render(
      <AsyncContent state={{ retry }} failureTitle={couldNotLoad('the list')}>
        {(items: string[]) => <p>{items.join(', ')}</p>}
      </AsyncContent>,
    );
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    rerender(
      <AsyncContent
        state={{ value: ['a', 'b'], retry }}
        failureTitle={couldNotLoad('the list')}
      >
        {(items: string[]) => <p>{items.join(', ')}</p>}
      </AsyncContent>,
    );
    expect(screen.getByText('a, b')).toBeInTheDocument();
  });

  it("says what failed in the backend's words and retries on request", async () => {
    const retry = jest.fn();
    // The shape fetch gives ResponseError: a 403 with Backstage's JSON error body.
    const body = {
      error: { name: 'NotAllowedError', message: 'Admins only' },
      response: { statusCode: 403 },
    };
    const response = {
      status: 403,
      statusText: 'Forbidden',
      url: 'http://localhost/api/audit/events',
      headers: new Headers({ 'content-type': 'application/json' }),
      text: async () => JSON.stringify(body),
    };
    const error = await ResponseError.fromResponse(response as any);
    render(
      <AsyncContent
        state={{ error, retry }}
        failureTitle={couldNotLoad('the audit log')}
        failureHint="Ask an admin"
      >
        {() => <p>never</p>}
      </AsyncContent>,
    );
    expect(
      screen.getByText(/Could not load the audit log: Admins only$/),
    ).toBeInTheDocument();
    expect(screen.queryByText('never')).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });
});
