import { dependencyKey } from './dependencies';
import { CondaEnvironment, EnvironmentDiff } from './types';
import { compareVersions } from './versions';

/**
 * What changes when a project moves from environment version `from` to `to`: packages
 * added and removed, and those whose version goes up or down. Packages are the same
 * when their manager (conda or pip) and name are.
 * @public
 */
export function diffEnvironments(
  from: Pick<CondaEnvironment, 'dependencies'>,
  to: Pick<CondaEnvironment, 'dependencies'>,
): EnvironmentDiff {
  const before = new Map(from.dependencies.map(d => [dependencyKey(d), d]));
  const after = new Map(to.dependencies.map(d => [dependencyKey(d), d]));
  const diff: EnvironmentDiff = {
    added: [],
    removed: [],
    upgraded: [],
    downgraded: [],
    changed: [],
  };
  for (const [key, dependency] of after) {
    if (!before.has(key)) diff.added.push(dependency);
  }
  for (const [key, old] of before) {
    const current = after.get(key);
    if (!current) {
      diff.removed.push(old);
      continue;
    }
    const { name, manager } = current;
    if (old.version && current.version) {
      const order = compareVersions(current.version, old.version);
      if (order > 0) {
        diff.upgraded.push({
          name,
          manager,
          from: old.version,
          to: current.version,
        });
        continue;
      }
      if (order < 0) {
        diff.downgraded.push({
          name,
          manager,
          from: old.version,
          to: current.version,
        });
        continue;
      }
    }
    if (old.spec !== current.spec) {
      diff.changed.push({ name, manager, from: old.spec, to: current.spec });
    }
  }
  const byName = (a: { name: string }, b: { name: string }) =>
    a.name.localeCompare(b.name);
  diff.added.sort(byName);
  diff.removed.sort(byName);
  diff.upgraded.sort(byName);
  diff.downgraded.sort(byName);
  diff.changed.sort(byName);
  return diff;
}

/** A resolved package of a conda-store build, as conda-store lists it. @public */
export interface ResolvedCondaPackage {
  name: string;
  version: string;
  channel: string;
}

/**
 * What changes between two conda-store builds, in the shape of
 * {@link diffEnvironments} (the same view shows both): each resolved package is an
 * exact conda dependency `channel::name=version`, so a package that moves to another
 * channel at the same version is `changed`.
 * @public
 */
export function diffResolvedPackages(
  from: ResolvedCondaPackage[],
  to: ResolvedCondaPackage[],
): EnvironmentDiff {
  const asDependencies = (packages: ResolvedCondaPackage[]) =>
    packages.map(p => ({
      name: p.name.toLowerCase(),
      version: p.version,
      spec: `${p.channel}::${p.name}=${p.version}`,
      manager: 'conda' as const,
      pinned: true,
      channel: p.channel,
    }));
  return diffEnvironments(
    { dependencies: asDependencies(from) },
    { dependencies: asDependencies(to) },
  );
}
