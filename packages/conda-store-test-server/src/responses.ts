/*
 * How conda-store's FastAPI app answers: HTTPException bodies through its exception
 * handler, FastAPI's own 422s, `paginated_api_response` (v1) and api_v2's `paginate`
 * (`_internal/server/views/api.py`, `_internal/server/pagination.py`).
 */
import type http from 'node:http';

export class HttpError extends Error {
  constructor(readonly status: number, readonly body: unknown) {
    super(`HTTP ${status}`);
  }
}

// `raise HTTPException(status_code, detail)` through conda-store's exception handler.
export const fail = (status: number, detail: string) =>
  new HttpError(status, { status: 'error', message: detail });

export const ok = (body: unknown) => ({ status: 200, body });

// FastAPI's answer for a query parameter pydantic cannot read as an integer.
export function intParam(
  query: URLSearchParams,
  name: string,
  fallback?: number,
): number | undefined {
  const raw = query.get(name);
  if (raw === null) return fallback;
  if (!/^-?\d+$/.test(raw)) {
    throw new HttpError(422, {
      detail: [
        {
          type: 'int_parsing',
          loc: ['query', name],
          msg: 'Input should be a valid integer, unable to parse string as an integer',
          input: raw,
        },
      ],
    });
  }
  return Number(raw);
}

// paginated_api_response with get_paginated_args and get_sorts.
export function paginatedResponse<T>(
  maxPageSize: number,
  items: T[],
  q: URLSearchParams,
  sortable: Record<string, keyof T>,
  defaultSort?: keyof T,
  project: (item: T) => unknown = item => item,
) {
  const page = intParam(q, 'page', 1)!;
  const size = Math.min(intParam(q, 'size', maxPageSize)!, maxPageSize);
  const keys = q
    .getAll('sort_by')
    .map(s => sortable[s])
    .filter(Boolean);
  let sortKeys = keys;
  if (sortKeys.length === 0 && defaultSort) sortKeys = [defaultSort];
  const descending = q.get('order') === 'desc';
  // Sorted copies only when asked for another order than the one items come in.
  const sorted =
    sortKeys.length === 0
      ? items
      : [...items].sort((a, b) => {
          for (const key of sortKeys) {
            const c = compareNullable(a[key], b[key]);
            if (c !== 0) return descending ? -c : c;
          }
          return 0;
        });
  const offset = (page - 1) * size;
  return {
    status: 'ok',
    data: sorted.slice(offset, offset + size).map(project),
    page: Math.floor(offset / size) + 1,
    size,
    count: items.length,
    message: null,
  };
}

// api_v2 `paginate`: ordered by (namespace, name, id); the cursor holds the last id.
export function cursorPage<
  T extends { id: number; name: string; namespace: { name: string } },
>(maxPageSize: number, items: T[], q: URLSearchParams) {
  const limit = intParam(q, 'limit', maxPageSize)!;
  const raw = q.get('cursor');
  let after:
    | { last_id: number | null; last_value: Record<string, string> | null }
    | undefined;
  if (raw) {
    try {
      after = JSON.parse(Buffer.from(raw, 'base64').toString('utf8'));
    } catch {
      throw new HttpError(500, { detail: 'Internal Server Error' });
    }
  }
  let start = 0;
  if (after && after.last_id !== null) {
    start = items.findIndex(i => i.id === after!.last_id) + 1;
    if (start === 0) start = items.length;
  } else if (after) {
    start = items.length; // Cursor.end()
  }
  const data = items.slice(start, start + limit);
  const last = data[data.length - 1];
  const cursor = last
    ? { last_id: last.id, last_value: {} }
    : { last_id: null, last_value: null };
  return {
    status: 'ok',
    data,
    message: null,
    cursor: Buffer.from(JSON.stringify(cursor)).toString('base64'),
    count: items.length,
  };
}

function compareNullable(a: unknown, b: unknown): number {
  // PostgreSQL sorts NULLs last ascending (first descending).
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  return (a as number | string) < (b as number | string) ? -1 : 1;
}

export async function readJson(
  req: http.IncomingMessage,
): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    if (value && typeof value === 'object') return value;
  } catch {
    // falls through to FastAPI's body error
  }
  throw new HttpError(422, {
    detail: [
      { type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error' },
    ],
  });
}
