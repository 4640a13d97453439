import type { ProbeResult } from '@internal/plugin-platform-health-common';

/**
 * GETs a health URL within `timeoutMs`. Any 2xx or 3xx (redirects are not followed:
 * a login redirect still proves the service answers) counts as up.
 */
export async function probe(
  url: string,
  timeoutMs: number,
): Promise<ProbeResult> {
  const started = performance.now();
  const checkedAt = new Date().toISOString();
  const durationMs = () => Math.round(performance.now() - started);
  try {
    const res = await fetch(url, {
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: { 'user-agent': 'atrium-platform-health' },
    });
    // Only the status matters; drop the body without reading it.
    await res.body?.cancel().catch(() => {});
    const ok = res.status >= 200 && res.status < 400;
    return {
      url,
      ok,
      status: res.status,
      durationMs: durationMs(),
      ...(ok ? {} : { error: `answered HTTP ${res.status}` }),
      checkedAt,
    };
  } catch (error) {
    return {
      url,
      ok: false,
      durationMs: durationMs(),
      error: failure(error, timeoutMs),
      checkedAt,
    };
  }
}

/** Connection errors said in words; anything else only by its code. */
const CONNECTION_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found (DNS did not answer)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/**
 * Why a probe failed, without echoing what a server or resolver said: a code
 * (`could not connect (CERT_HAS_EXPIRED)`), never a message.
 */
function failure(error: unknown, timeoutMs: number): string {
  const name = (error as Error).name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  if (typeof code !== 'string' || !/^[A-Z0-9_]{1,40}$/.test(code)) {
    return 'could not connect';
  }
  return CONNECTION_ERRORS[code] ?? `could not connect (${code})`;
}
