/** Reading JupyterHub's error answers, and what they mean to a person. */
import { InputError, ServiceUnavailableError } from '@backstage/errors';

/** What the hub said: its JSON error's `message` (`fromHub`), else the text. */
export async function readError(
  res: Response,
): Promise<{ message: string; fromHub: boolean }> {
  const text = await res.text().catch(() => '');
  try {
    const json = JSON.parse(text);
    if (typeof json?.message === 'string') {
      return { message: json.message, fromHub: true };
    }
  } catch {
    // not JSON: not the hub's API answering
  }
  return { message: text || `HTTP ${res.status}`, fromHub: false };
}

export async function errorMessage(res: Response): Promise<string> {
  return (await readError(res)).message;
}

/**
 * What the hub's proxy (configurable-http-proxy, Traefik) answers, in plain text or
 * HTML, when the hub behind it is down or restarting.
 */
export const GATEWAY_STATUSES = [502, 503, 504];

/** The hub could not be reached (refused, reset, or its proxy answering for it). */
export function hubUnreachable(hubUrl: string, error: unknown): Error {
  return new ServiceUnavailableError(
    `JupyterHub at ${hubUrl} is not answering (${
      (error as Error)?.cause ?? error
    }); try again shortly or ask DevOps to check the hub`,
  );
}

/**
 * A hub answer that is not a success, as the error a person can act on: the hub down
 * (503), Atrium's token refused (503, for an admin), the hub failing (503), or the
 * request refused (400 with the hub's own message).
 */
export async function hubFailure(
  hubUrl: string,
  res: Response,
  what: string,
): Promise<never> {
  const { message, fromHub } = await readError(res);
  if (GATEWAY_STATUSES.includes(res.status) && !fromHub) {
    // The proxy in front of the hub answered for it: the hub is down, as when the
    // connection is refused, not a failure of what was asked.
    throw hubUnreachable(hubUrl, `HTTP ${res.status} from its proxy on ${what}`);
  }
  if (res.status === 401 || res.status === 403) {
    throw new ServiceUnavailableError(
      `JupyterHub refused Atrium's service token (${res.status} on ${what}): an admin must check workspaces.jupyterhub.apiToken and the hub's service role`,
    );
  }
  if (res.status >= 500) {
    throw new ServiceUnavailableError(
      `JupyterHub failed to ${what}: ${message}`,
    );
  }
  throw new InputError(`JupyterHub refused to ${what}: ${message}`);
}
