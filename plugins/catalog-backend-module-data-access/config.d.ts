export interface Config {
  dataAccess?: {
    /**
     * Nebari gives each group a shared folder: the `jupyterhub-shared` volume's
     * `shared/<group>` mounted at `/shared/<group>` in the workspaces of the group's
     * members. With this on, every Group entity in the catalog gets a data source
     * Resource `shared-<group>` describing it, read-write for the group.
     */
    nebariSharedFolders?: {
      /** Default false. */
      enabled?: boolean;
      /** The PersistentVolumeClaim holding every group's folder (Nebari: jupyterhub-shared). */
      claimName?: string;
      /** `{group}` is replaced by the group's name. Default `shared/{group}`. */
      subPathTemplate?: string;
      /** Default `/shared/{group}`. */
      mountPathTemplate?: string;
      /** Default `internal`. */
      sensitivity?: 'public' | 'internal' | 'confidential' | 'restricted';
      /** Only groups of these `spec.type`s (default: every group). */
      groupTypes?: string[];
    };
  };
}
