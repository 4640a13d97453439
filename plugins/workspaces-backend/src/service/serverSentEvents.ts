/**
 * The `data` of each event of a server-sent event stream (JupyterHub's progress API),
 * parsed as JSON, as the events arrive. Keepalive comments are skipped. Reading stops
 * when the caller stops iterating; the stream is then cancelled.
 */
export async function* serverSentEvents(
  body: ReadableStream<Uint8Array>,
): AsyncIterable<unknown> {
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (
        let boundary = buffer.search(/\r?\n\r?\n/);
        boundary >= 0;
        boundary = buffer.search(/\r?\n\r?\n/)
      ) {
        const raw = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary).replace(/^\r?\n\r?\n/, '');
        const data = raw
          .split(/\r?\n/)
          .filter(line => line.startsWith('data:'))
          .map(line => line.slice(5).trimStart())
          .join('\n');
        if (!data) continue; // keepalive comment
        yield JSON.parse(data);
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}
