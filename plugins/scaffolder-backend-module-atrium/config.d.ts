export interface Config {
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
