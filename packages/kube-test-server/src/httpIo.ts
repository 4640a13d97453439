import type http from 'node:http';
import type { Writable } from 'node:stream';
import zlib from 'node:zlib';
import type { KubeObject } from './types';
import { objectJson } from './store';
import { KubeApiError, errors } from './status';

const MAX_BODY_BYTES = 3 * 1024 * 1024;
/** Big list responses and watch streams are written in chunks of about this many characters. */
export const WRITE_CHUNK_CHARS = 256 * 1024;

/** A boolean query parameter as the API server reads it (`watch=true`, `watch=1`). */
export function isTrue(value: string | null): boolean {
  return value === 'true' || value === '1';
}

export function sendJson(res: http.ServerResponse, code: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}

export function sendStatus(res: http.ServerResponse, error: KubeApiError) {
  sendJson(res, error.code, error.toStatus());
}

/** Writes a chunk and waits for the socket to drain (or close), so big bodies do not pile up in memory. */
async function writeChunked(res: Writable, chunk: string) {
  if (!res.write(chunk) && !res.destroyed) {
    await new Promise<void>(resolve => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  }
}

/** Writes a list response item by item, in chunks, so a 150,000-pod list is never one big string. */
export async function streamList(
  res: http.ServerResponse,
  listKind: string,
  apiVersion: string,
  metadata: Record<string, unknown>,
  items: KubeObject[],
  start: number,
  end: number,
  gzip = false,
) {
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
  });
  let out: http.ServerResponse | zlib.Gzip = res;
  if (gzip) {
    const compressed = zlib.createGzip({ level: 1 });
    compressed.pipe(res);
    res.on('close', () => compressed.destroy());
    out = compressed;
  }
  let chunk = `{"kind":${JSON.stringify(listKind)},"apiVersion":${JSON.stringify(
    apiVersion,
  )},"metadata":${JSON.stringify(metadata)},"items":[`;
  for (let i = start; i < end; i++) {
    chunk += (i > start ? ',' : '') + objectJson(items[i]);
    if (chunk.length >= WRITE_CHUNK_CHARS) {
      await writeChunked(out, chunk);
      chunk = '';
      if (res.destroyed) return;
    }
  }
  out.end(`${chunk}]}`);
}

export function rejectDryRun(url: URL) {
  if (url.searchParams.get('dryRun')) {
    throw errors.badRequest('dryRun is not supported by this test server: send the request without it');
  }
}

export async function readJson(req: http.IncomingMessage, optional = false): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw new KubeApiError(413, 'RequestEntityTooLarge', 'the request body is larger than 3 MiB');
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) {
    if (optional) return undefined;
    throw errors.badRequest('the request needs a JSON body');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw errors.badRequest(`the request body is not valid JSON: ${(error as Error).message}`);
  }
}
