export interface Config {
  atrium?: {
    /**
     * Who holds Atrium's roles, seeded into the roles database at every start.
     * Entries are user or group entity refs (`group:default/platform-admins`,
     * `user:default/margaret`). Every other signed-in user is a data scientist.
     */
    roles?: {
      admin?: string[];
      devops?: string[];
    };
  };
}
