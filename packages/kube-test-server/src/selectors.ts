import type { KubeObject } from './types';
import { errors } from './status';

type LabelRequirement =
  | { op: 'exists' | '!exists'; key: string }
  | { op: 'in' | 'notin'; key: string; values: Set<string> }
  | { op: 'gt' | 'lt'; key: string; value: number };

/** A compiled selector: true when the object's labels/fields match every requirement. */
export type Matcher = (obj: KubeObject) => boolean;

const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function checkKey(key: string, selector: string) {
  const slash = key.indexOf('/');
  const name = slash === -1 ? key : key.slice(slash + 1);
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  if (
    !LABEL_NAME.test(name) ||
    (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)))
  ) {
    throw errors.badRequest(
      `unable to parse requirement: invalid label key "${key}" in selector "${selector}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
}

function checkValue(value: string, selector: string) {
  if (value !== '' && !LABEL_NAME.test(value)) {
    throw errors.badRequest(
      `unable to parse requirement: invalid label value "${value}" in selector "${selector}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
}

/** Splits on commas that are not inside parentheses (`a in (x,y),b`). */
function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(selector.slice(start));
  return parts.map(p => p.trim());
}

function parseRequirement(part: string, selector: string): LabelRequirement {
  const setMatch = /^(\S+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(part);
  if (setMatch) {
    const [, key, op, rawValues] = setMatch;
    checkKey(key, selector);
    const values = rawValues.split(',').map(v => v.trim());
    values.forEach(v => checkValue(v, selector));
    return { op: op as 'in' | 'notin', key, values: new Set(values) };
  }
  const opMatch = /^([^=!<>\s]+)\s*(==|=|!=|>|<)\s*(.*)$/.exec(part);
  if (opMatch) {
    const [, key, op, value] = opMatch;
    checkKey(key, selector);
    if (op === '>' || op === '<') {
      if (!/^-?\d+$/.test(value)) {
        throw errors.badRequest(
          `unable to parse requirement: for 'gt', 'lt' operators, the value must be an integer, got "${value}" in selector "${selector}"`,
        );
      }
      return { op: op === '>' ? 'gt' : 'lt', key, value: Number(value) };
    }
    checkValue(value, selector);
    return { op: op === '!=' ? 'notin' : 'in', key, values: new Set([value]) };
  }
  if (part.startsWith('!')) {
    const key = part.slice(1).trim();
    checkKey(key, selector);
    return { op: '!exists', key };
  }
  if (part && !/\s/.test(part)) {
    checkKey(part, selector);
    return { op: 'exists', key: part };
  }
  throw errors.badRequest(
    `unable to parse requirement: "${part}" in selector "${selector}" is not one of key, !key, key=value, key==value, key!=value, key in (a,b), key notin (a,b)`,
  );
}

function requirementMatches(
  req: LabelRequirement,
  labels: Record<string, string> | undefined,
): boolean {
  const value = labels?.[req.key];
  switch (req.op) {
    case 'exists':
      return value !== undefined;
    case '!exists':
      return value === undefined;
    case 'in':
      return value !== undefined && req.values.has(value);
    case 'notin':
      // Like Kubernetes: `key!=v` and `key notin (...)` also match objects without the key.
      return value === undefined || !req.values.has(value);
    case 'gt':
      return value !== undefined && /^-?\d+$/.test(value) && Number(value) > req.value;
    case 'lt':
      return value !== undefined && /^-?\d+$/.test(value) && Number(value) < req.value;
    default:
      return false;
  }
}

/** Parses a `labelSelector` query value; throws a 400 Status for a malformed one. */
export function parseLabelSelector(selector: string | null | undefined): Matcher | undefined {
  if (!selector || !selector.trim()) return undefined;
  const requirements = splitTopLevel(selector).map(part =>
    parseRequirement(part, selector),
  );
  return obj => requirements.every(r => requirementMatches(r, obj.metadata.labels));
}

/** Label selector matching on a bare label map (used for metrics objects and workloads). */
export function labelsMatch(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

const COMMON_FIELDS = ['metadata.name', 'metadata.namespace'];

/** The field selectors each kind supports, as the API server registers them. */
const FIELDS_BY_KIND: Record<string, string[]> = {
  Pod: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  Event: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  Node: ['spec.unschedulable'],
  Namespace: ['status.phase'],
  Secret: ['type'],
  ReplicaSet: ['status.replicas'],
  Job: ['status.successful'],
};

function fieldValue(obj: KubeObject, field: string): string {
  if (field === 'source' && obj.kind === 'Event') {
    return String((obj.source as { component?: string } | undefined)?.component ?? '');
  }
  let current: unknown = obj;
  for (const segment of field.split('.')) {
    if (current === null || typeof current !== 'object') return '';
    current = (current as Record<string, unknown>)[segment];
  }
  if (current === undefined || current === null) {
    // Kubernetes reports unset booleans as "false" and unset strings as "".
    return field === 'spec.unschedulable' || field === 'spec.hostNetwork' ? 'false' : '';
  }
  return String(current);
}

/** Splits `a=b,c!=d` on unescaped commas (`\,` escapes a comma inside a value). */
function splitFieldTerms(selector: string): string[] {
  const terms: string[] = [];
  let current = '';
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '\\' && i + 1 < selector.length) {
      current += c + selector[++i];
    } else if (c === ',') {
      terms.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  terms.push(current);
  return terms;
}

function unescapeFieldValue(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

/** Parses a `fieldSelector` for a kind; throws a 400 Status naming the supported fields otherwise. */
export function parseFieldSelector(
  selector: string | null | undefined,
  kind: string,
): Matcher | undefined {
  if (!selector || !selector.trim()) return undefined;
  const supported = [...COMMON_FIELDS, ...(FIELDS_BY_KIND[kind] ?? [])];
  const terms = splitFieldTerms(selector).map(term => {
    const match = /^\s*([^=!\s]+)\s*(==|=|!=)(.*)$/.exec(term);
    if (!match) {
      throw errors.badRequest(
        `invalid field selector "${selector}": "${term}" is not field=value, field==value or field!=value`,
      );
    }
    const [, field, op, rawValue] = match;
    if (!supported.includes(field)) {
      throw errors.badRequest(
        `field label not supported: ${field} (${kind} supports ${supported.join(', ')})`,
      );
    }
    return { field, negate: op === '!=', value: unescapeFieldValue(rawValue.trim()) };
  });
  return obj =>
    terms.every(t => (fieldValue(obj, t.field) === t.value) !== t.negate);
}
