/** `spec.type` of a catalog Resource that is a curated conda environment. @public */
export const CONDA_ENVIRONMENT_TYPE = 'conda-environment';

/** `spec.type` of a catalog Component scaffolded as a data-science project. @public */
export const DATA_SCIENCE_PROJECT_TYPE = 'data-science-project';

/**
 * On a project Component: the entity ref of the environment version it pins,
 * e.g. `resource:default/python-data-science-2026.11`.
 * @public
 */
export const ENVIRONMENT_ANNOTATION = 'atrium.io/environment';

/** On a project Component: the slug of the workspace profile it launches with. @public */
export const WORKSPACE_PROFILE_ANNOTATION = 'atrium.io/workspace-profile';

/** On a project Component: the template it came from, `template:default/<name>@<version>`. @public */
export const TEMPLATE_ANNOTATION = 'atrium.io/template';

/**
 * On a project Component: a URL `git ls-remote` accepts (`file:///abs/path/repo.git`
 * or https), from which a launch records the commit it starts at.
 * @public
 */
export const GIT_REPOSITORY_ANNOTATION = 'atrium.io/git-repository';

/** On an environment entity: the environment's name without the version. @public */
export const ENVIRONMENT_NAME_LABEL = 'atrium.io/environment-name';

/** On an environment entity: the environment's version. @public */
export const ENVIRONMENT_VERSION_LABEL = 'atrium.io/environment-version';

/**
 * The lifecycles a curated environment may have: `production` ones are offered for new
 * projects, `deprecated` ones only keep old projects reproducible.
 * @public
 */
export const ENVIRONMENT_LIFECYCLES = ['production', 'deprecated'] as const;

/** @public */
export type EnvironmentLifecycle = (typeof ENVIRONMENT_LIFECYCLES)[number];

/** The catalog entity name of an environment version: `<name>-<version>`. @public */
export function environmentEntityName(name: string, version: string): string {
  return `${name}-${version}`;
}
