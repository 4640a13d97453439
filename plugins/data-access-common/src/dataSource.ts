import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';

/** The `spec.type` values of a data source Resource. @public */
export const DATA_SOURCE_TYPES = [
  'shared-folder',
  'object-store-bucket',
  'database',
] as const;
/** @public */
export type DataSourceType = (typeof DATA_SOURCE_TYPES)[number];

/** Sensitivity levels, least to most sensitive. @public */
export const SENSITIVITY_LEVELS = [
  'public',
  'internal',
  'confidential',
  'restricted',
] as const;
/** @public */
export type Sensitivity = (typeof SENSITIVITY_LEVELS)[number];

/**
 * Where a shared folder's files live, in Kubernetes' own volume terms (a subset of a
 * Pod's `volumes[]` entry): a PersistentVolumeClaim, or an NFS export.
 * @public
 */
export type DataSourceVolume =
  | { persistentVolumeClaim: { claimName: string }; subPath?: string }
  | { nfs: { server: string; path: string }; subPath?: string };

/**
 * `spec.dataSource` of a catalog Resource of a data source type. How a workspace
 * reaches the data; credentials are only ever named (a Kubernetes Secret in the
 * workspaces' namespace), never held by Atrium.
 *
 * ```yaml
 * kind: Resource
 * metadata: { name: clinical-trials-2026 }
 * spec:
 *   type: shared-folder
 *   owner: group:default/team-clinical
 *   dataSource:
 *     sensitivity: restricted
 *     volume: { nfs: { server: nfs.data.svc, path: /exports/clinical-trials-2026 } }
 *     mountPath: /data/clinical-trials-2026
 *     snapshot: "2026-11-30"          # optional: the version a launch records
 * ```
 * @public
 */
export interface DataSourceSpec {
  sensitivity: Sensitivity;
  /** shared-folder: the volume and where it appears in the workspace. */
  volume?: DataSourceVolume;
  mountPath?: string;
  /** object-store-bucket. */
  bucket?: {
    name: string;
    endpoint: string;
    region?: string;
    /** Secret with the bucket's credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY). */
    secretName: string;
  };
  /** database. */
  database?: {
    host: string;
    port?: number;
    name: string;
    /** Secret with the database's credentials (PGUSER / PGPASSWORD or the like). */
    secretName: string;
  };
  /**
   * The version or snapshot a workspace gets now, recorded with each launch; a
   * reproduction gets the recorded one (a folder's snapshot is a subPath
   * `.snapshots/<snapshot>` of its volume).
   */
  snapshot?: string;
}

/** A data source as Atrium uses it: the entity's facts, validated. @public */
export interface DataSource {
  /** `resource:default/clinical-trials-2026`, lower case. */
  ref: string;
  name: string;
  title?: string;
  description?: string;
  type: DataSourceType;
  /** Entity ref of the owner (a group, or a person), lower case. */
  owner: string;
  spec: DataSourceSpec;
}

/** The annotation on a data source generated for a Nebari group's shared folder. @public */
export const NEBARI_SHARED_FOLDER_ANNOTATION = 'atrium.io/nebari-shared-folder';

const isDataSourceType = (t: unknown): t is DataSourceType =>
  (DATA_SOURCE_TYPES as readonly unknown[]).includes(t);

/** Whether the entity is a data source: a Resource of a data source type. @public */
export function isDataSourceEntity(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    isDataSourceType(entity.spec?.type)
  );
}

const NAME_RULE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const ABSOLUTE_PATH = /^\/[^\0]*$/;

/**
 * What is wrong with a data source entity, one sentence each (empty when valid): the
 * catalog processor emits them as processing errors, and the backend ignores a source
 * that has any.
 * @public
 */
export function validateDataSourceEntity(entity: Entity): string[] {
  const problems: string[] = [];
  const name = entity.metadata.name;
  const spec = entity.spec as Record<string, unknown> | undefined;
  const type = spec?.type;
  const ds = spec?.dataSource as Record<string, any> | undefined;
  if (!ds || typeof ds !== 'object') {
    return [
      `Data source ${name}: spec.dataSource is missing (sensitivity and how a workspace reaches the data)`,
    ];
  }
  if (!(SENSITIVITY_LEVELS as readonly unknown[]).includes(ds.sensitivity)) {
    problems.push(
      `Data source ${name}: spec.dataSource.sensitivity must be one of ${SENSITIVITY_LEVELS.join(', ')}`,
    );
  }
  const mountPath = ds.mountPath;
  if (type === 'shared-folder') {
    const v = ds.volume;
    const pvc = v?.persistentVolumeClaim?.claimName;
    const nfs = v?.nfs;
    if (!v || (!pvc && !(nfs?.server && nfs?.path))) {
      problems.push(
        `Data source ${name}: a shared folder needs spec.dataSource.volume with persistentVolumeClaim.claimName or nfs.server and nfs.path`,
      );
    } else if (pvc && !NAME_RULE.test(pvc)) {
      problems.push(
        `Data source ${name}: volume.persistentVolumeClaim.claimName ${JSON.stringify(pvc)} is not a Kubernetes name`,
      );
    }
    if (typeof mountPath !== 'string' || !ABSOLUTE_PATH.test(mountPath)) {
      problems.push(
        `Data source ${name}: a shared folder needs spec.dataSource.mountPath, an absolute path such as /shared/${name}`,
      );
    }
  }
  const secretProblem = (what: 'bucket' | 'database') => {
    const secretName = ds[what]?.secretName;
    if (typeof secretName !== 'string' || !NAME_RULE.test(secretName)) {
      problems.push(
        `Data source ${name}: spec.dataSource.${what}.secretName must name the Kubernetes Secret with its credentials (Atrium never holds them)`,
      );
    }
  };
  if (type === 'object-store-bucket') {
    if (!ds.bucket?.name || !ds.bucket?.endpoint) {
      problems.push(
        `Data source ${name}: a bucket needs spec.dataSource.bucket.name and bucket.endpoint`,
      );
    }
    secretProblem('bucket');
  }
  if (type === 'database') {
    if (!ds.database?.host || !ds.database?.name) {
      problems.push(
        `Data source ${name}: a database needs spec.dataSource.database.host and database.name`,
      );
    }
    secretProblem('database');
  }
  if (ds.snapshot !== undefined && (typeof ds.snapshot !== 'string' || !ds.snapshot)) {
    problems.push(`Data source ${name}: spec.dataSource.snapshot must be a non-empty string`);
  }
  return problems;
}

/** The data source of a valid data source entity; undefined otherwise. @public */
export function toDataSource(entity: Entity): DataSource | undefined {
  if (!isDataSourceEntity(entity) || validateDataSourceEntity(entity).length) {
    return undefined;
  }
  const spec = entity.spec as Record<string, any>;
  return {
    ref: stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
    name: entity.metadata.name,
    title: entity.metadata.title,
    description: entity.metadata.description,
    type: spec.type,
    owner: stringifyEntityRef(
      parseEntityRef(String(spec.owner), {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    ).toLocaleLowerCase('en-US'),
    spec: spec.dataSource as DataSourceSpec,
  };
}
