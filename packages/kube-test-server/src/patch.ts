import { errors } from './status';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * RFC 7386 JSON merge patch. Returns a new value and never mutates `target`: stored objects
 * are shared with list snapshots and watch history, so they must stay immutable.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

type JsonPatchOperation = {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
};

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw errors.badRequest(`JSON patch path "${pointer}" must start with "/"`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function resolveParent(doc: unknown, tokens: string[], pointer: string) {
  let current = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isPlainObject(current)) current = current[token];
    else current = undefined;
    if (current === undefined) {
      throw errors.badRequest(
        `JSON patch path "${pointer}" does not exist: missing "${token}"`,
      );
    }
  }
  return current;
}

function getAt(doc: unknown, pointer: string): unknown {
  let current = doc;
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isPlainObject(current)) current = current[token];
    else current = undefined;
    if (current === undefined) {
      throw errors.badRequest(`JSON patch path "${pointer}" does not exist`);
    }
  }
  return current;
}

function arrayIndex(parent: unknown[], token: string, pointer: string, allowEnd: boolean) {
  if (token === '-' && allowEnd) return parent.length;
  const index = Number(token);
  const max = allowEnd ? parent.length : parent.length - 1;
  if (!/^\d+$/.test(token) || index > max) {
    throw errors.badRequest(`JSON patch path "${pointer}": array index "${token}" is out of range`);
  }
  return index;
}

function addAt(doc: unknown, pointer: string, value: unknown): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const parent = resolveParent(doc, tokens, pointer);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(parent, last, pointer, true), 0, value);
  } else if (isPlainObject(parent)) {
    parent[last] = value;
  } else {
    throw errors.badRequest(`JSON patch path "${pointer}" does not exist`);
  }
  return doc;
}

function removeAt(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  const parent = resolveParent(doc, tokens, pointer);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(parent, last, pointer, false), 1);
  } else if (isPlainObject(parent) && last in parent) {
    delete parent[last];
  } else {
    throw errors.badRequest(`JSON patch path "${pointer}" does not exist`);
  }
  return doc;
}

/**
 * RFC 6902 JSON patch, applied to a deep copy of `target`. A failing `test` operation or a
 * missing path answers 422/400 like the API server; nothing is half-applied.
 */
export function applyJsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) {
    throw errors.badRequest(
      'a JSON patch (application/json-patch+json) must be an array of operations',
    );
  }
  let doc = structuredClone(target);
  for (const raw of operations as JsonPatchOperation[]) {
    if (!isPlainObject(raw) || typeof raw.path !== 'string') {
      throw errors.badRequest('each JSON patch operation needs "op" and "path"');
    }
    switch (raw.op) {
      case 'add':
        doc = addAt(doc, raw.path, structuredClone(raw.value));
        break;
      case 'remove':
        doc = removeAt(doc, raw.path);
        break;
      case 'replace':
        getAt(doc, raw.path);
        doc = addAt(removeAt(doc, raw.path), raw.path, structuredClone(raw.value));
        break;
      case 'move': {
        const value = getAt(doc, raw.from ?? '');
        doc = addAt(removeAt(doc, raw.from ?? ''), raw.path, value);
        break;
      }
      case 'copy':
        doc = addAt(doc, raw.path, structuredClone(getAt(doc, raw.from ?? '')));
        break;
      case 'test':
        if (JSON.stringify(getAt(doc, raw.path)) !== JSON.stringify(raw.value)) {
          throw errors.badRequest(
            `JSON patch test operation failed: the value at "${raw.path}" is not ${JSON.stringify(raw.value)}`,
          );
        }
        break;
      default:
        throw errors.badRequest(
          `unknown JSON patch op "${String((raw as { op: unknown }).op)}": use add, remove, replace, move, copy or test`,
        );
    }
  }
  return doc;
}
