import { stringify } from 'yaml';
import { environmentEntityName } from './constants';
import { CondaEnvironment } from './types';

/**
 * The environment.yml of an environment version: `name: <name>-<version>`, its
 * channels, and its dependencies as written, pip requirements in one `pip:` entry at
 * the place of the first one (conda installs pip packages after the conda ones anyway).
 * @public
 */
export function renderEnvironmentYml(
  env: Pick<CondaEnvironment, 'name' | 'version' | 'channels' | 'dependencies'>,
): string {
  const dependencies: Array<string | { pip: string[] }> = [];
  let pip: string[] | undefined;
  for (const dependency of env.dependencies) {
    if (dependency.manager === 'conda') {
      dependencies.push(dependency.spec);
    } else {
      if (!pip) {
        pip = [];
        dependencies.push({ pip });
      }
      pip.push(dependency.spec);
    }
  }
  return stringify(
    {
      name: environmentEntityName(env.name, env.version),
      channels: env.channels,
      dependencies,
    },
    { lineWidth: 0 },
  );
}
