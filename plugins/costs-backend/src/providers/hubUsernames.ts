/**
 * JupyterHub's KubeSpawner writes the hub user name into the pod label
 * `hub.jupyter.org/username`. With its classic `escape` slug scheme every character
 * outside `[a-z0-9]` becomes `-` followed by the hex of each UTF-8 byte (`ada.l` ->
 * `ada-2el`, `a-b` -> `a-2db`), so a label value is not always the user's name.
 * Cost sources that group by that label (OpenCost, AWS cost allocation tags copied
 * from it) give back the escaped form; this turns it back into the hub user name.
 *
 * KubeSpawner 7's `safe` scheme keeps safe names as they are and replaces others by
 * `<prefix>---<hash>`, which cannot be reversed: such values are returned unchanged.
 */
export function unescapeHubUsername(labelValue: string): string {
  if (/---[0-9a-f]{8}$/.test(labelValue)) return labelValue;
  if (!/-[0-9a-fA-F]{2}/.test(labelValue)) return labelValue;
  const bytes: number[] = [];
  for (let i = 0; i < labelValue.length; ) {
    const escaped = /^-([0-9a-fA-F]{2})/.exec(labelValue.slice(i, i + 3));
    if (escaped) {
      bytes.push(parseInt(escaped[1], 16));
      i += 3;
    } else {
      // Safe characters are ASCII by construction; anything else is kept as its bytes.
      for (const byte of Buffer.from(labelValue[i], 'utf8')) bytes.push(byte);
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The catalog user a hub user name (escaped or not) stands for: `user:default/<name>`. */
export function userRefForHubLabel(labelValue: string): string {
  return `user:default/${unescapeHubUsername(labelValue).toLocaleLowerCase(
    'en-US',
  )}`;
}
