import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';

/**
 * The knex migrations folder of a backend plugin package and its files in the order
 * they apply, for the migration (upgrade) tests every store has.
 */
export function pluginMigrations(packageName: string) {
  const directory = resolvePackagePath(packageName, 'migrations');
  return {
    directory,
    files: () =>
      fs
        .readdirSync(directory)
        .filter(file => file.endsWith('.js'))
        .sort(),
  };
}
