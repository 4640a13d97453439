import { createHash } from 'node:crypto';

/**
 * The label values KubeSpawner writes for a hub user and server name, so a workspace
 * can be joined to its pod. Label values allow only 63 characters of `[A-Za-z0-9._-]`
 * starting and ending with an alphanumeric, so KubeSpawner rewrites names that do not
 * fit; which rewriting depends on its version:
 *
 * - KubeSpawner 7 (jupyterhub/kubespawner `kubespawner/slugs.py` `safe_slug(name,
 *   is_valid=is_valid_label)`, used by `_build_common_labels` and `_build_pod_labels`):
 *   a valid label value without `--` is kept as it is; anything else becomes
 *   `<stripped name>---<first 8 hex of sha256>` (32 characters at most).
 * - KubeSpawner before 7 (`escape_slug`: escapism with `[a-z0-9]` safe and `-` as the
 *   escape character, then lower case): every other character becomes `-XX` per UTF-8
 *   byte (`Ada` → `-41da`); the server name went into its label unescaped.
 *
 * A pod is matched by any of these forms. KubeSpawner also writes the raw names as the
 * `hub.jupyter.org/username` / `servername` annotations, which the cache keeps; a pod
 * that has them is matched by them exactly (see {@link workspaceKeyOfPod}).
 */

const LABEL_VALUE = /^[a-z0-9.\-_]+$/i;
const ALNUM = /^[A-Za-z0-9]$/;
const HASH_LENGTH = 8;

/** `is_valid_label`: empty, or a label value of at most 63 characters. */
export function isValidLabelValue(value: string): boolean {
  if (!value) return true;
  return (
    value.length <= 63 &&
    ALNUM.test(value[0]) &&
    ALNUM.test(value[value.length - 1]) &&
    LABEL_VALUE.test(value)
  );
}

/** `_extract_safe_name`: lower case, runs of other characters to one `-`, starts with a letter. */
function extractSafeName(name: string, maxLength: number): string {
  let safe = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  safe = safe.replace(/^-+/, '').slice(0, maxLength).replace(/-+$/, '');
  if (safe && !/^[a-z]/.test(safe)) safe = `x-${safe.slice(0, maxLength - 2)}`;
  return safe || 'x';
}

/** `strip_and_hash` with KubeSpawner's default length of 32. */
function stripAndHash(name: string, maxLength = 32): string {
  const hash = createHash('sha256')
    .update(name, 'utf8')
    .digest('hex')
    .slice(0, HASH_LENGTH);
  return `${extractSafeName(name, maxLength - (HASH_LENGTH + 3))}---${hash}`;
}

/** KubeSpawner 7's `safe_slug(name, is_valid=is_valid_label)`. */
export function safeLabelSlug(name: string): string {
  if (name.includes('--')) return stripAndHash(name);
  return isValidLabelValue(name) ? name : stripAndHash(name);
}

/** KubeSpawner < 7's `escape_slug` (escapism, `-` as escape character, lower-cased). */
export function legacyEscapeSlug(name: string): string {
  let escaped = '';
  for (const char of name) {
    if (/^[a-z0-9]$/.test(char)) {
      escaped += char;
      continue;
    }
    // escapism writes each UTF-8 byte as `-` + `%X` (upper-case hex, no padding).
    for (const byte of Buffer.from(char, 'utf8')) {
      escaped += `-${byte.toString(16).toUpperCase()}`;
    }
  }
  return escaped.toLowerCase();
}

/** The index key of a user's server: raw or label form, joined by a character labels cannot hold. */
export const workspaceKey = (username: string, servername: string) =>
  `${username}\u0000${servername}`;

/**
 * The keys a workspace may be found under, most exact first: the raw names (a pod's
 * annotations, or labels that needed no escaping), KubeSpawner 7's slugs, the legacy
 * escaping (whose server name was not escaped).
 */
export function workspaceLookupKeys(
  username: string,
  servername: string,
): string[] {
  const keys = [
    workspaceKey(username, servername),
    workspaceKey(safeLabelSlug(username), safeLabelSlug(servername)),
    workspaceKey(legacyEscapeSlug(username), servername),
  ];
  return [...new Set(keys)];
}

export const SINGLEUSER_COMPONENT = 'singleuser-server';
export const USERNAME_LABEL = 'hub.jupyter.org/username';
export const SERVERNAME_LABEL = 'hub.jupyter.org/servername';

/**
 * The key a KubeSpawner pod is indexed under, or undefined when it is not a single-user
 * server: its annotations' raw names when it has them (exact: another user's escaped
 * name can never match), else its labels' values.
 */
export function workspaceKeyOfPod(metadata: {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}): string | undefined {
  const labels = metadata.labels ?? {};
  if (labels.component !== SINGLEUSER_COMPONENT) return undefined;
  const annotations = metadata.annotations ?? {};
  if (annotations[USERNAME_LABEL] !== undefined) {
    return workspaceKey(
      annotations[USERNAME_LABEL],
      annotations[SERVERNAME_LABEL] ?? '',
    );
  }
  if (labels[USERNAME_LABEL] === undefined) return undefined;
  return workspaceKey(labels[USERNAME_LABEL], labels[SERVERNAME_LABEL] ?? '');
}
