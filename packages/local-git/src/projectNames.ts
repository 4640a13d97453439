import { InputError } from '@backstage/errors';

/**
 * A project name: also its repository, catalog entity and workspace name, so it must
 * suit all three (and never walk out of a folder).
 */
export const PROJECT_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/;
export const PROJECT_NAME_RULE =
  '3 to 40 lower-case letters, digits and dashes, starting and ending with a letter or digit';

/**
 * Says what is wrong with a value used as a file or folder name, or nothing. Checked
 * before the format so that a path gets the message about paths.
 */
export function pathProblem(value: string): string | undefined {
  if (value.includes('..')) return 'must not contain ".."';
  if (value.includes('/') || value.includes('\\'))
    return 'must not contain "/" or "\\"';
  if (value.includes('\0')) return 'must not contain NUL characters';
  return undefined;
}

/** Checks a project name; throws an InputError that says how to fix it. */
export function assertProjectName(name: unknown, field = 'name'): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new InputError(`${field} is required: ${PROJECT_NAME_RULE}`);
  }
  const problem = pathProblem(name);
  if (problem) {
    throw new InputError(`${field} '${name}' ${problem}: ${PROJECT_NAME_RULE}`);
  }
  if (!PROJECT_NAME_PATTERN.test(name)) {
    throw new InputError(
      `${field} '${name}' is not a valid project name: ${PROJECT_NAME_RULE}`,
    );
  }
  return name;
}
