import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';

/**
 * Runs a call to conda-store, turning its refusal of the portal's token into a 503: the
 * client's NotAllowedError would otherwise answer 403, which reads as if the person
 * lacked an Atrium permission. Its message names the config key, never the token.
 * Unreachable (503) and not found (404) keep the client's own error and message.
 */
export async function fromCondaStore<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof NotAllowedError) {
      throw new ServiceUnavailableError(error.message);
    }
    throw error;
  }
}
