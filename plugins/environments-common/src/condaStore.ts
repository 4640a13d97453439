import type { Entity } from '@backstage/catalog-model';

/**
 * On an environment entity that conda-store provides: the conda-store namespace it
 * lives in. Its presence marks the entity as conda-store's, which the curated rules
 * (exact pins, `<name>-<version>` entity name, lifecycle) do not apply to.
 * @public
 */
export const CONDA_STORE_NAMESPACE_ANNOTATION =
  'atrium.io/conda-store-namespace';

/** On a conda-store environment entity: the environment's name in conda-store. @public */
export const CONDA_STORE_ENVIRONMENT_ANNOTATION =
  'atrium.io/conda-store-environment';

/** On a conda-store environment entity: the id of its current build. @public */
export const CONDA_STORE_BUILD_ANNOTATION = 'atrium.io/conda-store-build';

/** One build of a conda-store environment, as its entity lists them (newest first). @public */
export interface CondaStoreBuildSummary {
  id: number;
  status: 'QUEUED' | 'BUILDING' | 'COMPLETED' | 'FAILED' | 'CANCELED';
  scheduledOn: string;
  startedOn?: string;
  endedOn?: string;
  /** Bytes on disk, as conda-store reports it (0 until built). */
  size: number;
  /**
   * Why a FAILED build failed, from its log: the solver's message when there is one
   * (see {@link extractSolverMessage}), else the log's last lines.
   */
  failure?: string;
  /** True when `failure` is the solver's message. */
  solverFailure?: boolean;
}

/** `spec.condaStore` of a conda-store environment entity. @public */
export interface CondaStoreEntitySpec {
  url: string;
  namespace: string;
  environment: string;
  currentBuildId: number;
  /** The newest builds, newest first (at most 25; `buildCount` says how many exist). */
  builds: CondaStoreBuildSummary[];
  buildCount: number;
  /** The current build's resolved packages, `channel::name=version`. */
  packages: string[];
}

/** True for an environment entity that conda-store provides. @public */
export function isCondaStoreEnvironmentEntity(entity: Entity): boolean {
  return Boolean(
    entity.metadata.annotations?.[CONDA_STORE_NAMESPACE_ANNOTATION],
  );
}

// What conda's solvers print when a specification cannot be solved: libmamba's
// "Could not solve for environment specs" block (conda 23.10+), the classic solver's
// "UnsatisfiableError" and libmamba's older "Encountered problems while solving".
const SOLVER_START = [
  /Could not solve for environment specs/,
  /LibMambaUnsatisfiableError/,
  /Encountered problems while solving/,
  /UnsatisfiableError: The following specifications were found/,
  /PackagesNotFoundError/,
  /ResolvePackageNotFound/,
];

/**
 * The solver's message in a failed build's log: from the line that starts it to the
 * first blank line (or the end), without Python's traceback around it; undefined when
 * the log holds none (a failure other than solving).
 * @public
 */
export function extractSolverMessage(log: string): string | undefined {
  const lines = log.split(/\r?\n/);
  const start = lines.findIndex(line => SOLVER_START.some(re => re.test(line)));
  if (start < 0) return undefined;
  const message: string[] = [];
  for (const line of lines.slice(start)) {
    if (line.trim() === '' || /^\s+Command: \[/.test(line)) break;
    message.push(line);
  }
  return message.join('\n').trim();
}

/**
 * Why a failed build failed, for people: the solver's message, or the log's last 15
 * lines when it has none (both cut to 2,000 characters to keep entities small).
 * @public
 */
export function summarizeBuildFailure(log: string): {
  failure: string;
  solverFailure: boolean;
} {
  const solver = extractSolverMessage(log);
  const text =
    solver ??
    log
      .split(/\r?\n/)
      .filter(line => line.trim() !== '')
      .slice(-15)
      .join('\n');
  return {
    failure: text.length > 2000 ? `${text.slice(0, 1999)}…` : text,
    solverFailure: solver !== undefined,
  };
}
