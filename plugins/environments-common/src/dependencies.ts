import { CondaDependency, CondaEnvironment, DependencyManager } from './types';

// A literal version: no wildcards, operators, ranges or alternatives. An epoch (`1!`)
// and a local part (`+cpu`) are allowed since they still name one version.
const EXACT_VERSION = /^(\d+!)?[0-9A-Za-z][0-9A-Za-z._]*(\+[0-9A-Za-z._]+)?$/;
const CONDA_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.\-]*/;
const PIP_NAME = /^[A-Za-z0-9][A-Za-z0-9._\-]*(\[[^\]]*\])?/;

function unpinned(
  base: Omit<CondaDependency, 'pinned' | 'unpinnedReason'>,
  reason: string,
): CondaDependency {
  return { ...base, pinned: false, unpinnedReason: reason };
}

/**
 * Reads one conda match spec of an environment.yml (`numpy=2.1.3`,
 * `pytorch=2.5.1=cuda124*`, `conda-forge::python==3.12.7`, `scipy>=1.14`, `pandas`).
 *
 * A spec is pinned when it names exactly one version: `name==V` (any literal version)
 * or `name=X.Y.Z` (at least three components, because conda reads `name=X.Y` as
 * `X.Y.*`), optionally followed by `=build`.
 * @public
 */
export function parseCondaSpec(spec: string): CondaDependency {
  const written = spec.trim();
  let rest = written;
  let channel: string | undefined;
  const channelSeparator = rest.indexOf('::');
  if (channelSeparator >= 0) {
    channel = rest.slice(0, channelSeparator);
    rest = rest.slice(channelSeparator + 2);
  }
  const nameMatch = rest.match(CONDA_NAME);
  const name = (nameMatch?.[0] ?? rest).toLowerCase();
  const base = { name, spec: written, manager: 'conda' as const, channel };
  if (!nameMatch) {
    return unpinned(base, `"${written}" does not start with a package name`);
  }
  const constraint = rest.slice(nameMatch[0].length).trim();
  const hint = `write ${name}=X.Y.Z (or ${name}==X.Y.Z) with the exact version`;
  if (constraint === '') {
    return unpinned(base, `${name} names no version: ${hint}`);
  }
  if (constraint.startsWith('[')) {
    return unpinned(base, `"${written}" uses a bracket spec: ${hint}`);
  }

  let exactOperator: boolean;
  let versionAndBuild: string[];
  if (constraint.startsWith('==')) {
    exactOperator = true;
    versionAndBuild = constraint.slice(2).split('=');
  } else if (constraint.startsWith('=')) {
    exactOperator = false;
    versionAndBuild = constraint.slice(1).split('=');
  } else if (/^[0-9]/.test(constraint)) {
    // The space-separated form: `numpy 2.1.3 py312_0`.
    exactOperator = false;
    versionAndBuild = constraint.split(/\s+/);
  } else {
    return unpinned(base, `"${written}" is a version range: ${hint}`);
  }
  const [version = '', build, ...extra] = versionAndBuild.map(part =>
    part.trim(),
  );
  const withVersion = {
    ...base,
    version: version || undefined,
    build: build || undefined,
  };
  if (extra.length > 0 || version === '') {
    return unpinned(
      withVersion,
      `"${written}" is not a valid conda spec: ${hint}`,
    );
  }
  if (/[*?]/.test(version)) {
    return unpinned(
      withVersion,
      `"${written}" has a wildcard version: ${hint}`,
    );
  }
  if (/[<>!,|~^]/.test(version.replace(/^\d+!/, ''))) {
    return unpinned(withVersion, `"${written}" is a version range: ${hint}`);
  }
  if (!EXACT_VERSION.test(version)) {
    return unpinned(withVersion, `"${written}" has no exact version: ${hint}`);
  }
  if (!exactOperator && version.split('.').length < 3) {
    return unpinned(
      withVersion,
      `conda reads "${written}" as ${version}.*: write ${name}==${version} or a full X.Y.Z version`,
    );
  }
  return { ...withVersion, pinned: true };
}

/** PEP 503: pip names compare case-insensitively, with runs of `-_.` as one `-`. */
function normalizePipName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * Reads one requirement of an environment.yml `pip:` block (`requests==2.32.3`).
 * Pinned means `name==V` or `name===V` with one literal version.
 * @public
 */
export function parsePipSpec(spec: string): CondaDependency {
  const written = spec.trim();
  // Environment markers (`; python_version < "3.13"`) do not change the version.
  const requirement = written.split(';')[0].trim();
  const nameMatch = requirement.match(PIP_NAME);
  const rawName = nameMatch ? nameMatch[0].replace(/\[.*$/, '') : requirement;
  const name = normalizePipName(rawName);
  const base = { name, spec: written, manager: 'pip' as const };
  const hint = `write ${rawName}==X.Y.Z with the exact version`;
  if (!nameMatch || requirement.startsWith('-')) {
    return unpinned(base, `"${written}" is not a package requirement: ${hint}`);
  }
  const constraint = requirement.slice(nameMatch[0].length).trim();
  if (constraint === '') {
    return unpinned(base, `${rawName} names no version: ${hint}`);
  }
  if (constraint.startsWith('@')) {
    return unpinned(
      base,
      `"${written}" installs from a URL, not a released version: ${hint}`,
    );
  }
  const exact = constraint.match(/^===?\s*(.+)$/);
  if (!exact) {
    return unpinned(base, `"${written}" is a version range: ${hint}`);
  }
  const version = exact[1].trim();
  const withVersion = { ...base, version };
  if (/[*]/.test(version)) {
    return unpinned(
      withVersion,
      `"${written}" has a wildcard version: ${hint}`,
    );
  }
  if (!EXACT_VERSION.test(version)) {
    return unpinned(withVersion, `"${written}" is a version range: ${hint}`);
  }
  return { ...withVersion, pinned: true };
}

/**
 * Reads the `dependencies` list of an environment.yml (strings, and one
 * `{ pip: [...] }` entry). Throws an Error naming the first malformed entry.
 * @public
 */
export function parseDependencies(raw: unknown): CondaDependency[] {
  if (!Array.isArray(raw)) {
    throw new Error(
      'dependencies must be a list of conda specs (and an optional { pip: [...] } entry)',
    );
  }
  const result: CondaDependency[] = [];
  raw.forEach((entry, index) => {
    if (typeof entry === 'string') {
      result.push(parseCondaSpec(entry));
      return;
    }
    if (
      entry &&
      typeof entry === 'object' &&
      !Array.isArray(entry) &&
      Object.keys(entry).length === 1 &&
      Array.isArray((entry as { pip?: unknown }).pip)
    ) {
      const pip = (entry as { pip: unknown[] }).pip;
      pip.forEach((requirement, pipIndex) => {
        if (typeof requirement !== 'string') {
          throw new Error(
            `dependencies[${index}].pip[${pipIndex}] must be a string like "package==1.2.3"`,
          );
        }
        result.push(parsePipSpec(requirement));
      });
      return;
    }
    throw new Error(
      `dependencies[${index}] must be a conda spec string like "numpy=2.1.3" or a { pip: [...] } list`,
    );
  });
  return result;
}

/**
 * The dependencies of an environment that do not name one exact version (ranges,
 * wildcards, `>=`, bare names, `=X.Y`). Each carries `unpinnedReason`.
 * @public
 */
export function findUnpinnedDependencies(
  env: Pick<CondaEnvironment, 'dependencies'>,
): CondaDependency[] {
  return env.dependencies.filter(dependency => !dependency.pinned);
}

/** The key two dependencies share when they are the same package. */
export function dependencyKey(dependency: {
  manager: DependencyManager;
  name: string;
}): string {
  return `${dependency.manager}:${dependency.name}`;
}
