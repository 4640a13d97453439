/*
 * JSON shapes of conda-store-server 2025.2.x (commit 9177dc6 of
 * conda-incubator/conda-store), copied from the pydantic models in
 * conda-store-server/conda_store_server/_internal/schema.py. Dates are ISO strings
 * without a zone, as pydantic dumps the naive UTC datetimes conda-store stores.
 */

/** `schema.BuildStatus`. */
export type BuildStatus =
  | 'QUEUED'
  | 'BUILDING'
  | 'COMPLETED'
  | 'FAILED'
  | 'CANCELED';

/** `schema.Namespace` as the list answers it (without `role_mappings`, `metadata_`). */
export interface CondaStoreNamespace {
  id: number;
  name: string;
}

/** `schema.Specification`: `spec` is the environment.yml as a mapping. */
export interface CondaStoreSpecification {
  id: number;
  name: string;
  spec: {
    name: string;
    channels: string[];
    dependencies: Array<string | { pip: string[] }>;
    description?: string | null;
    prefix?: string | null;
    variables?: Record<string, string | number> | null;
  };
  sha256: string;
  created_on: string;
}

/** `schema.Build` (the list leaves out `specification`, `packages`, `build_artifacts`). */
export interface CondaStoreBuild {
  id: number;
  environment_id: number;
  specification?: CondaStoreSpecification | null;
  status: BuildStatus;
  status_info: string | null;
  size: number;
  scheduled_on: string;
  started_on: string | null;
  ended_on: string | null;
  build_artifacts?: Array<{
    id: number;
    artifact_type: string;
    key: string;
  }> | null;
}

/** `schema.Environment` (answered without `current_build`). */
export interface CondaStoreEnvironment {
  id: number;
  namespace: CondaStoreNamespace;
  name: string;
  current_build_id: number;
  description: string | null;
}

/** `schema.CondaPackage` (its channel without `last_update`). */
export interface CondaStorePackage {
  id: number;
  channel: { id: number; name: string };
  license: string | null;
  name: string;
  version: string;
  summary: string | null;
}

/** The role names conda-store knows (`server/schema.py`, `Authorization.role_mappings`). */
export type CondaStoreRole = 'viewer' | 'editor' | 'admin';

/**
 * A token the server accepts: its primary namespace and role bindings, as in
 * `server/schema.py` `AuthenticationToken` (`{"<namespace>/<environment>": roles}`,
 * `*` a wildcard).
 */
export interface CondaStoreToken {
  primary_namespace: string;
  role_bindings: Record<string, CondaStoreRole[]>;
}

export interface CondaStoreTestServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Path prefix the API is served under, as conda-store's `url_prefix` (Nebari: `/conda-store`). Default `/conda-store`. */
  urlPrefix?: string;
  /** Tokens accepted: token → bindings. Default: `test-token` with admin on `*\/*`. */
  tokens?: Record<string, CondaStoreToken>;
  seed?:
    | 'demo'
    | 'empty'
    | { environments: number; buildsPerEnvironment: number };
  /** How long a new build stays QUEUED, then BUILDING (ms). Default 300 and 700. */
  queueMs?: number;
  buildMs?: number;
  /** conda-store's `max_page_size` (default 100, as conda-store's). */
  maxPageSize?: number;
}
