import type {
  AccessLevel,
  DataSource,
  LaunchDataPayload,
  LaunchDataSource,
  SignedLaunchData,
} from '@internal/plugin-data-access-common';
import { createHash, createHmac } from 'node:crypto';

/** How long a signed list is good for: the hub spawns within seconds of the start. */
export const SIGNED_LAUNCH_DATA_TTL_MS = 10 * 60_000;

/**
 * The Pod volume name of a data source: `atrium-data-<name>`, a DNS label (63
 * characters at most, as Kubernetes requires); a longer one keeps its start and ends in
 * a hash of the whole name, so two long names never share a volume.
 */
export function podVolumeName(name: string): string {
  const full = `atrium-data-${name}`;
  if (full.length <= 63) return full;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${full.slice(0, 54).replace(/-+$/, '')}-${hash}`;
}

/** `clinical-trials-2026` -> `CLINICAL_TRIALS_2026`, for environment variable names. */
export function envName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/**
 * One data source as a workspace receives it: the Pod volume and mount of a shared
 * folder (read-only unless the access is read-write; a snapshot is the folder's
 * `.snapshots/<snapshot>`), or the plain environment variables of a bucket or database
 * and the NAME of the Secret holding its credentials. Never a credential itself.
 */
export function toLaunchDataSource(
  source: DataSource,
  access: AccessLevel,
  snapshot: string | undefined,
): LaunchDataSource {
  const { spec } = source;
  const base: LaunchDataSource = {
    ref: source.ref,
    name: source.name,
    type: source.type,
    access,
    sensitivity: spec.sensitivity,
    ...(snapshot ? { snapshot } : {}),
  };
  const readOnly = access === 'read';
  const prefix = `ATRIUM_DATA_${envName(source.name)}`;
  if (source.type === 'shared-folder' && spec.volume) {
    const volume: Record<string, unknown> = { name: podVolumeName(source.name) };
    if ('persistentVolumeClaim' in spec.volume) {
      volume.persistentVolumeClaim = { claimName: spec.volume.persistentVolumeClaim.claimName, readOnly };
    } else {
      volume.nfs = { server: spec.volume.nfs.server, path: spec.volume.nfs.path, readOnly };
    }
    const subPath = [spec.volume.subPath, snapshot ? `.snapshots/${snapshot}` : undefined]
      .filter((p): p is string => !!p)
      .map(p => p.replace(/^\/+|\/+$/g, ''))
      .join('/');
    return { ...base, volume, mountPath: spec.mountPath, ...(subPath ? { subPath } : {}) };
  }
  if (source.type === 'object-store-bucket' && spec.bucket) {
    return {
      ...base,
      env: {
        [`${prefix}_BUCKET`]: spec.bucket.name,
        [`${prefix}_ENDPOINT`]: spec.bucket.endpoint,
        ...(spec.bucket.region ? { [`${prefix}_REGION`]: spec.bucket.region } : {}),
      },
      secretNames: [spec.bucket.secretName],
    };
  }
  if (source.type === 'database' && spec.database) {
    return {
      ...base,
      env: {
        [`${prefix}_HOST`]: spec.database.host,
        ...(spec.database.port ? { [`${prefix}_PORT`]: String(spec.database.port) } : {}),
        [`${prefix}_DATABASE`]: spec.database.name,
      },
      secretNames: [spec.database.secretName],
    };
  }
  return base;
}

/**
 * The `atrium_data` user option: the payload's JSON and its HMAC-SHA256 (hex) under the
 * key the hub-side hook shares, which checks both, the user, the server and the expiry.
 */
export function signLaunchData(
  payload: Omit<LaunchDataPayload, 'v' | 'expiresAt'>,
  key: string,
  now: Date,
): SignedLaunchData {
  const full: LaunchDataPayload = {
    v: 1,
    user: payload.user,
    server: payload.server,
    expiresAt: new Date(now.getTime() + SIGNED_LAUNCH_DATA_TTL_MS).toISOString(),
    sources: payload.sources,
  };
  const json = JSON.stringify(full);
  return { payload: json, signature: createHmac('sha256', key).update(json).digest('hex') };
}
