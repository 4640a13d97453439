import { isError, ResponseError } from '@backstage/errors';

/**
 * What to tell the user about a failure: the backend's own words for a refused or bad
 * request (`ResponseError` parsed the body once), else the error's message.
 */
export function errorMessage(error: unknown): string {
  if (ResponseError.is(error)) return error.cause.message || error.message;
  // By shape, not instanceof: errors from another realm (a worker, a test's jsdom)
  // are errors too.
  if (isError(error)) return error.message;
  return String(error);
}
