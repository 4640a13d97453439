/*
 * What Atrium reads from conda-store (conda-store-server 2025.2.x; the pydantic models
 * of `conda_store_server/_internal/schema.py`), in conda-store's own field names.
 */

/** @public */
export type CondaStoreBuildStatus =
  | 'QUEUED'
  | 'BUILDING'
  | 'COMPLETED'
  | 'FAILED'
  | 'CANCELED';

/** @public */
export interface CondaStoreNamespace {
  id: number;
  name: string;
}

/** @public */
export interface CondaStoreEnvironment {
  id: number;
  namespace: CondaStoreNamespace;
  name: string;
  current_build_id: number;
  description?: string | null;
}

/** The environment.yml a build was made from. @public */
export interface CondaStoreSpec {
  name: string;
  channels?: string[];
  dependencies?: Array<string | { pip?: string[] }>;
  description?: string | null;
  variables?: Record<string, string | number> | null;
}

/** @public */
export interface CondaStoreBuild {
  id: number;
  environment_id: number;
  status: CondaStoreBuildStatus;
  status_info?: string | null;
  size: number;
  scheduled_on: string;
  started_on?: string | null;
  ended_on?: string | null;
  /** Only on a single build (`GET /build/{id}/`), not in lists. */
  specification?: {
    id: number;
    name: string;
    spec: CondaStoreSpec;
    sha256: string;
    created_on: string;
  } | null;
}

/** @public */
export interface CondaStorePackage {
  id: number;
  channel: { id: number; name: string };
  name: string;
  version: string;
  license?: string | null;
  summary?: string | null;
}

/** `GET /api/v1/permission/`: who the token is. @public */
export interface CondaStorePermissions {
  authenticated: boolean;
  primary_namespace: string;
  entity_permissions: Record<string, string[]>;
  entity_roles: Record<string, string[]>;
  expiration?: string | null;
}

/** `GET /api/v1/usage/`: one namespace's environments, builds and bytes on disk. @public */
export interface CondaStoreNamespaceUsage {
  num_environments: number;
  num_builds: number;
  storage: number;
}

/** Filters and order of `GET /api/v1/build/`. @public */
export interface CondaStoreBuildQuery {
  status?: CondaStoreBuildStatus;
  environmentId?: number;
  namespace?: string;
  name?: string;
  sortBy?: 'id' | 'scheduled_on' | 'started_on' | 'ended_on';
  order?: 'asc' | 'desc';
}

/** The conda-store REST API as Atrium uses it. @public */
export interface CondaStoreApi {
  /** The base URL (with conda-store's prefix), for messages and links. */
  readonly url: string;
  /** Who the token is; throws NotAllowedError when conda-store does not accept it. */
  whoami(): Promise<CondaStorePermissions>;
  listNamespaces(): Promise<CondaStoreNamespace[]>;
  listEnvironments(filter?: {
    namespace?: string;
    name?: string;
  }): Promise<CondaStoreEnvironment[]>;
  getEnvironment(
    namespace: string,
    name: string,
  ): Promise<CondaStoreEnvironment>;
  /** Pages of builds in the order asked, until the walk is stopped by returning false. */
  walkBuilds(
    query: CondaStoreBuildQuery,
    onPage: (builds: CondaStoreBuild[]) => boolean | void,
  ): Promise<void>;
  /** A build with its specification. */
  getBuild(buildId: number): Promise<CondaStoreBuild>;
  getBuildPackages(buildId: number): Promise<CondaStorePackage[]>;
  getBuildLog(buildId: number): Promise<string>;
  /** The conda-lock YAML of a completed build. */
  getBuildLockfile(buildId: number): Promise<string>;
  /** Environments, builds and storage per namespace the token may read. */
  getUsage(): Promise<Record<string, CondaStoreNamespaceUsage>>;
  /** Creates or updates `<namespace>/<spec.name>`: queues a build and returns its id. */
  submitSpecification(namespace: string, spec: CondaStoreSpec): Promise<number>;
}
