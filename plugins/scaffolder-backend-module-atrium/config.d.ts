import type { HumanDuration } from '@backstage/types';

export interface Config {
  environments?: {
    /** What people may build in conda-store with atrium:conda-store:environment:apply. */
    condaStore?: {
      /** Channels a specification may use (default [conda-forge]); the first is used when none is given. */
      allowedChannels?: string[];
      /** Whether every dependency must name one exact version (default false). */
      requirePinned?: boolean;
      /** How long the action follows a build before failing the step (default 30 minutes; the build goes on). */
      buildTimeout?: HumanDuration | string;
      /** How long a build may stay QUEUED before the step says conda-store's workers may be down (default 10 minutes). */
      queueTimeout?: HumanDuration | string;
    };
  };
  atrium?: {
    scaffolder?: {
      /** Publishing scaffolded projects to git repositories on the portal's machine. */
      localGit?: {
        /**
         * Folder of the bare repositories, `<root>/<team>/<name>.git`; relative paths
         * are resolved against the backend's working directory. Default `./data/git`.
         */
        root?: string;
      };
    };
  };
}
