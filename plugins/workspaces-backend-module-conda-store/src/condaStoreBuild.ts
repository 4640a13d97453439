import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { CondaStoreApi } from '@internal/plugin-environments-node';
import type { LaunchEnvironment } from '@internal/plugin-workspaces-node';

/** The user option the hub reads (see this package's README for a hub-side hook). */
export const ENVIRONMENT_USER_OPTION = 'atrium_environment';

/** What the hub receives as `user_options.atrium_environment`. */
export interface CondaStoreLaunchEnvironment {
  kind: 'conda-store';
  namespace: string;
  environment: string;
  buildId: number;
  /**
   * The build's conda prefix on conda-store's volume: the build's `DIRECTORY` artifact,
   * which conda-store sets to `Build.build_path` when the build completes
   * (`<store_directory>/<namespace>/<build key>`; Nebari:
   * `/home/conda/team-vision/3a9f2c1d-1764921600-7-vision-training`).
   */
  prefix: string;
}

type CondaStoreLaunch = NonNullable<LaunchEnvironment['condaStore']>;

/**
 * What a single build's answer (`GET /api/v1/build/{id}/`) carries beyond the client's
 * type: what the build produced. A COMPLETED build's `DIRECTORY` artifact is its conda
 * prefix; conda-store removes it when the build is deleted.
 */
type BuildArtifacts = {
  build_artifacts?: Array<{ artifact_type: string; key: string }> | null;
};

/** A build the launch cannot use, with what the person can do about it. */
export class UnusableBuildError extends InputError {}

const name = (launch: CondaStoreLaunch) =>
  `${launch.namespace}/${launch.environment}`;

/**
 * The build a launch names, checked in conda-store: it exists, belongs to the
 * environment, COMPLETED and still has its prefix (a deleted build has none). Throws an
 * {@link UnusableBuildError} saying what to do otherwise, conda-store's own
 * errors (unreachable, refused token) as they are.
 */
export async function usableBuild(
  condaStore: CondaStoreApi,
  launch: CondaStoreLaunch,
): Promise<CondaStoreLaunchEnvironment> {
  const environment = await condaStore
    .getEnvironment(launch.namespace, launch.environment)
    .catch(error => {
      if (error instanceof NotFoundError) {
        throw new UnusableBuildError(
          `The conda-store environment ${name(
            launch,
          )} no longer exists: launch a new workspace with an environment that exists`,
        );
      }
      throw error;
    });
  const current = environment.current_build_id;
  const what = `Build #${launch.buildId} of ${name(launch)}`;
  // What to do, for a reproduction (the recorded build) or a first launch.
  const instead =
    current !== launch.buildId
      ? `launch a new workspace for it, which uses the current build (#${current}), or rebuild #${launch.buildId}'s specification in conda-store`
      : 'rebuild the environment in conda-store, or ask its owners';
  const build = await condaStore.getBuild(launch.buildId).catch(error => {
    if (error instanceof NotFoundError) {
      throw new UnusableBuildError(
        `${what} does not exist in conda-store: ${instead}`,
      );
    }
    throw error;
  });
  if (build.environment_id !== environment.id) {
    throw new UnusableBuildError(
      `Build #${launch.buildId} is not a build of ${name(
        launch,
      )}: name one of its builds, or leave the build out to use the current one (#${current})`,
    );
  }
  if (build.status !== 'COMPLETED') {
    const states: Record<string, string> = {
      FAILED: 'failed',
      CANCELED: 'was canceled',
    };
    const state =
      states[build.status] ??
      `is not built yet (${build.status.toLocaleLowerCase('en-US')})`;
    throw new UnusableBuildError(`${what} ${state}: ${instead}`);
  }
  const prefix = (build as BuildArtifacts).build_artifacts?.find(
    a => a.artifact_type === 'DIRECTORY',
  )?.key;
  if (!prefix) {
    throw new UnusableBuildError(
      `${what} was deleted in conda-store (its environment files are gone): ${instead}`,
    );
  }
  return {
    kind: 'conda-store',
    namespace: launch.namespace,
    environment: launch.environment,
    buildId: launch.buildId,
    prefix,
  };
}

/** conda-store's failures as a start should end: its own message, or "try again". */
export function condaStoreStartError(error: unknown): Error {
  if (error instanceof UnusableBuildError) return error;
  if (error instanceof Error && error.name === 'NotAllowedError') return error;
  return new ServiceUnavailableError(
    `The environment's conda-store build cannot be checked right now (${
      (error as Error).message
    }): try again in a minute, or ask an admin if it persists`,
  );
}
