/**
 * Reads a `text/event-stream` body and calls `onData` with the data of each event
 * (several `data:` lines of one event joined by newlines, as EventSource does).
 * Chunks may split lines, events and even UTF-8 characters anywhere, so bytes are
 * decoded in streaming mode and only complete lines are interpreted.
 */
export async function readEventStream(
  body: ReadableStream<Uint8Array>,
  onData: (data: string) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];

  const dispatch = () => {
    if (data.length > 0) onData(data.join('\n'));
    data = [];
  };
  const interpret = (line: string) => {
    if (line === '') {
      dispatch();
    } else if (line.startsWith('data:')) {
      const value = line.slice(5);
      data.push(value.startsWith(' ') ? value.slice(1) : value);
    }
    // Comments (`: keep-alive`) and the event/id/retry fields carry nothing we use.
  };

  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done
        ? decoder.decode()
        : decoder.decode(value, { stream: true });
      // A trailing \r may be the first half of a \r\n that the next chunk completes.
      const end =
        !done && buffer.endsWith('\r') ? buffer.length - 1 : undefined;
      const lines = buffer.slice(0, end).split(/\r\n|\r|\n/);
      const unfinished = lines.pop() ?? '';
      lines.forEach(interpret);
      if (done) {
        // A server that closes right after its last data line still meant that event.
        if (unfinished) interpret(unfinished);
        dispatch();
        return;
      }
      buffer = unfinished + (end === undefined ? '' : '\r');
    }
  } finally {
    reader.releaseLock();
  }
}
