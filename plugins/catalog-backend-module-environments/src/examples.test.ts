import { Entity } from '@backstage/catalog-model';
import {
  compareVersions,
  diffEnvironments,
  readCondaEnvironment,
  renderEnvironmentYml,
  validateEnvironmentEntity,
} from '@internal/plugin-environments-common';
import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

// The curated environments the demo catalog loads (environments).
const examplesDir = path.resolve(__dirname, '../../../environments');

function exampleFolders(): string[] {
  const location = parse(
    fs.readFileSync(path.join(examplesDir, 'all.yaml'), 'utf8'),
  );
  return (location.spec.targets as string[]).map(target =>
    path.dirname(path.resolve(examplesDir, target)),
  );
}

function readEntity(folder: string): Entity {
  const documents = parseAllDocuments(
    fs.readFileSync(path.join(folder, 'catalog-info.yaml'), 'utf8'),
  );
  expect(documents).toHaveLength(1);
  return documents[0].toJS() as Entity;
}

describe('the example environments', () => {
  it('lists every environment folder in all.yaml', () => {
    const onDisk = fs
      .readdirSync(examplesDir, { withFileTypes: true })
      .filter(entry => entry.isDirectory())
      .flatMap(entry =>
        fs
          .readdirSync(path.join(examplesDir, entry.name))
          .map(version => path.join(examplesDir, entry.name, version)),
      );
    expect(exampleFolders().sort()).toEqual(onDisk.sort());
    expect(onDisk.length).toBeGreaterThanOrEqual(4);
  });

  it.each(
    exampleFolders().map(folder => [
      path.relative(examplesDir, folder),
      folder,
    ]),
  )('%s is valid and agrees with its environment.yml', (relative, folder) => {
    const entity = readEntity(folder);
    expect(validateEnvironmentEntity(entity)).toEqual([]);
    const env = readCondaEnvironment(entity);
    expect(`${env.name}/${env.version}`).toBe(relative);
    expect(entity.spec?.owner).toBe('group:default/platform-ops');
    expect(entity.spec?.system).toBe('data-science-platform');

    const yml = parse(
      fs.readFileSync(path.join(folder, 'environment.yml'), 'utf8'),
    );
    expect(yml).toEqual(parse(renderEnvironmentYml(env)));
    expect(yml.name).toBe(entity.metadata.name);
    expect(yml.channels).toEqual(env.channels);
    expect(yml.dependencies).toEqual(
      entity.spec?.environment &&
        (entity.spec.environment as { dependencies: unknown }).dependencies,
    );
  });

  it('has a deprecated and a newer production python-data-science with real changes between them', () => {
    const versions = exampleFolders()
      .map(readEntity)
      .map(readCondaEnvironment)
      .filter(env => env.name === 'python-data-science')
      .sort((a, b) => compareVersions(a.version, b.version));
    expect(versions.map(env => [env.version, env.lifecycle])).toEqual([
      ['2025.05', 'deprecated'],
      ['2026.11', 'production'],
    ]);
    const diff = diffEnvironments(versions[0], versions[1]);
    expect(diff.added.map(d => d.name)).toEqual(['polars']);
    expect(diff.removed.map(d => d.name)).toEqual(['seaborn']);
    expect(diff.upgraded.map(d => d.name)).toEqual(
      expect.arrayContaining([
        'python',
        'numpy',
        'pandas',
        'scikit-learn',
        'matplotlib',
        'jupyterlab',
      ]),
    );
    expect(diff.downgraded).toEqual([]);
  });
});
