import { ResponseError } from '@backstage/errors';
import { errorMessage } from './errorMessage';

describe('errorMessage', () => {
  it("gives the backend's message of a ResponseError, not the status line", async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'ConflictError',
            message: 'You already have a workspace named eda',
          },
          response: { statusCode: 409 },
        }),
        { status: 409, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    expect(error.message).toMatch(/Request failed with 409/);
    expect(errorMessage(error)).toBe('You already have a workspace named eda');
    expect(errorMessage(new Error('offline'))).toBe('offline');
    expect(errorMessage('plain')).toBe('plain');
  });
});
