export interface Config {
  results?: {
    /**
     * Largest notebook that may be published, in bytes (default 50 MB). A bigger one
     * is refused with 413 before it is downloaded from the workspace.
     */
    maxNotebookBytes?: number;
    /** Seeds two demo results into an empty database (the demo and browser suites). */
    demoData?: {
      enabled?: boolean;
    };
  };
}
