/** @public */
export type DependencyManager = 'conda' | 'pip';

/** One line of an environment's `dependencies` (or of its `pip:` block). @public */
export interface CondaDependency {
  /** The package name, lower case (pip names normalised as PEP 503 does). */
  name: string;
  /** The version the spec names, when it names one (`2.1.3` in `numpy=2.1.3`). */
  version?: string;
  /** The line exactly as written in environment.yml. */
  spec: string;
  manager: DependencyManager;
  /** True when the spec names exactly one version (a build string may follow). */
  pinned: boolean;
  /** The build string, when given (`cuda124*` in `pytorch=2.5.1=cuda124*`). */
  build?: string;
  /** The channel, when the spec names one (`conda-forge` in `conda-forge::numpy=2.1.3`). */
  channel?: string;
  /** Why the dependency is not pinned, for people (only when `pinned` is false). */
  unpinnedReason?: string;
}

/** A curated environment version, as read from its catalog entity. @public */
export interface CondaEnvironment {
  /** The entity ref of the environment version, `resource:default/<name>-<version>`. */
  entityRef: string;
  name: string;
  version: string;
  /** `production` or `deprecated` (as written on the entity). */
  lifecycle: string;
  channels: string[];
  dependencies: CondaDependency[];
}

/** A package whose version differs between two environment versions. @public */
export interface DependencyVersionChange {
  name: string;
  from: string;
  to: string;
  manager: DependencyManager;
}

/** What changes from one environment version to another. @public */
export interface EnvironmentDiff {
  added: CondaDependency[];
  removed: CondaDependency[];
  upgraded: DependencyVersionChange[];
  downgraded: DependencyVersionChange[];
  /**
   * Packages in both whose spec changed without an orderable version change (a new
   * build string, a channel, or a version given on one side only).
   */
  changed: Array<{
    name: string;
    from: string;
    to: string;
    manager: DependencyManager;
  }>;
}
