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
    const name = (error as Error).name;
    const cause = (error as { cause?: { code?: string; message?: string } })
      .cause;
    let reason: string;
    if (name === 'TimeoutError' || name === 'AbortError') {
      reason = `no answer within ${timeoutMs / 1000} s`;
    } else if (cause?.code === 'ECONNREFUSED') {
      reason = 'connection refused';
    } else if (cause?.code === 'ENOTFOUND') {
      reason = 'host not found';
    } else {
      reason = cause?.message ?? (error as Error).message;
    }
    return {
      url,
      ok: false,
      durationMs: durationMs(),
      error: reason,
      checkedAt,
    };
  }
}
