/** Reading JupyterHub's error answers. */

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
