/**
 * The hosts health URLs may be probed on (`platformHealth.services.probeHosts`): host
 * names or addresses, exact (`hub.jupyterhub.svc`) or every subdomain of one
 * (`*.svc.cluster.local`), each optionally on one port (`127.0.0.1:18000`). Without an
 * entry nothing is probed: the backend fetches URLs only on hosts an admin named.
 */
export interface ProbeHost {
  /** Lowercase host name or address (IPv6 in brackets), without the `*.` of a wildcard. */
  host: string;
  /** Any subdomain of `host` (not `host` itself). */
  subdomains: boolean;
  port?: number;
}

const KEY = 'platformHealth.services.probeHosts';
const ENTRY =
  /^(\*\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/;

/** Reads the config's entries; throws naming an entry that is not a host. */
export function parseProbeHosts(entries: string[]): ProbeHost[] {
  return entries.map(entry => {
    const match = ENTRY.exec(entry.trim().toLocaleLowerCase('en-US'));
    const port = match?.[3] === undefined ? undefined : Number(match[3]);
    if (!match || (port !== undefined && (port < 1 || port > 65535))) {
      throw new Error(
        `${KEY}: '${entry}' is not a host: write a host name or address, optionally *. before it (its subdomains) and :port after it`,
      );
    }
    return {
      host: match[2],
      subdomains: match[1] !== undefined,
      ...(port !== undefined ? { port } : {}),
    };
  });
}

function defaultPort(protocol: string) {
  return protocol === 'https:' ? 443 : 80;
}

/**
 * Whether `url` may be fetched: `{ url }` when it may, `{ refusal }` saying why not
 * (in words for a note on the service).
 */
export function checkProbeUrl(
  raw: string,
  hosts: ProbeHost[],
): { url: URL } | { refusal: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { refusal: 'it is not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { refusal: 'only http and https URLs are' };
  }
  // URL has already lowercased the host and put numeric addresses in their usual form.
  const hostname = url.hostname;
  const port = url.port ? Number(url.port) : defaultPort(url.protocol);
  const allowed = hosts.some(
    h =>
      (h.subdomains ? hostname.endsWith(`.${h.host}`) : hostname === h.host) &&
      (h.port === undefined || h.port === port),
  );
  return allowed
    ? { url }
    : { refusal: `its host ${url.host} is not in ${KEY}` };
}
