export interface Config {
  atrium?: {
    demo?: {
      /**
       * The people a visitor can sign in as on the embedded demo (needs the backend's
       * demo sign-in provider, which only runs with auth.environment: development).
       * `name` is the catalog User entity name.
       * @deepVisibility frontend
       */
      people?: Array<{
        name: string;
        displayName?: string;
        /** One line: role and team, shown on the sign-in card. */
        description?: string;
      }>;
    };
  };
}
