import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { REPO_ROOT } from './__testUtils__/testCatalog';
import { PROJECT_NAME_PATTERN } from '@internal/local-git';
import { parseCondaSpec } from '@internal/plugin-environments-common';
import { CONDA_STORE_ENVIRONMENT_APPLY_ACTION_ID } from './actions/condaStoreEnvironmentApply';
import { CONDA_STORE_NAME_PATTERN } from './actions/condaStoreEnvironmentSpec';

/**
 * The templates agree with the portal's config and content: their profiles exist, the
 * environment each offers exists in a production version, the version they stamp on
 * projects is the one they carry, and the form's name rule is the actions' rule.
 */
const templatesDir = path.join(REPO_ROOT, 'templates');
const templateNames = fs
  .readdirSync(templatesDir)
  .filter(name =>
    fs.existsSync(path.join(templatesDir, name, 'template.yaml')),
  );
/** The templates that make a project (a skeleton); the others act on a service. */
const projectTemplateNames = templateNames.filter(name =>
  fs.existsSync(path.join(templatesDir, name, 'skeleton')),
);

const appConfig = parse(
  fs.readFileSync(path.join(REPO_ROOT, 'app-config.yaml'), 'utf8'),
);
const profileSlugs = appConfig.workspaces.profiles.map((p: any) => p.slug);

const environmentEntities = parseAllDocuments(
  fs.readFileSync(path.join(REPO_ROOT, 'environments/all.yaml'), 'utf8'),
)
  .flatMap(doc => doc.toJS().spec.targets as string[])
  .map(target =>
    parse(
      fs.readFileSync(path.join(REPO_ROOT, 'environments', target), 'utf8'),
    ),
  );

describe('templates', () => {
  it('ships the Python, R and GPU project templates and the conda-store one', () => {
    expect(projectTemplateNames.sort()).toEqual([
      'gpu-deep-learning',
      'python-analysis',
      'r-project',
    ]);
    expect(templateNames.sort()).toContain('conda-store-environment');
  });

  describe('conda-store-environment', () => {
    const template = parse(
      fs.readFileSync(
        path.join(templatesDir, 'conda-store-environment', 'template.yaml'),
        'utf8',
      ),
    );
    const properties = Object.assign(
      {},
      ...template.spec.parameters.map((p: any) => p.properties),
    );

    it("asks for a name by conda-store's rule and builds with the action", () => {
      expect(new RegExp(properties.name.pattern).source).toBe(
        CONDA_STORE_NAME_PATTERN.source,
      );
      expect(template.spec.steps.map((s: any) => s.action)).toEqual([
        CONDA_STORE_ENVIRONMENT_APPLY_ACTION_ID,
      ]);
    });

    it('offers defaults a site with the default rules accepts, pins required or not', () => {
      expect(properties.channels.default).toEqual(['conda-forge']);
      const unpinned = properties.dependencies.default
        .map(parseCondaSpec)
        .filter((d: { pinned: boolean }) => !d.pinned);
      expect(unpinned).toEqual([]);
    });
  });

  describe.each(projectTemplateNames)('%s', name => {
    const template = parse(
      fs.readFileSync(path.join(templatesDir, name, 'template.yaml'), 'utf8'),
    );
    const properties = Object.assign(
      {},
      ...template.spec.parameters.map((p: any) => p.properties),
    );
    const step = (id: string) =>
      template.spec.steps.find((s: any) => s.id === id);

    it('stamps projects with its own name and version', () => {
      const version = template.metadata.labels['atrium.io/template-version'];
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
      const values = step('fetch').input.values;
      expect(values.templateRef).toBe(`template:default/${name}@${version}`);
      expect(values.templateVersion).toBe(version);
      expect(step('publish-local').input.commitMessage).toBe(
        `Scaffolded from ${name} ${version}`,
      );
    });

    it("asks for a name by the actions' rule", () => {
      expect(new RegExp(properties.name.pattern).source).toBe(
        PROJECT_NAME_PATTERN.source,
      );
      expect(properties.name.maxLength).toBe(40);
    });

    it("offers the portal's workspace profiles", () => {
      expect(properties.profile.enum).toEqual(profileSlugs);
      expect(properties.profile.enumNames).toHaveLength(profileSlugs.length);
      expect(profileSlugs).toContain(properties.profile.default);
    });

    it('offers only production versions of an environment that exists', () => {
      const [filter] = properties.environment['ui:options'].catalogFilter;
      expect(filter).toMatchObject({
        kind: 'Resource',
        'spec.type': 'conda-environment',
        'spec.lifecycle': 'production',
      });
      const environmentName =
        filter['metadata.labels.atrium.io/environment-name'];
      const production = environmentEntities.filter(
        e =>
          e.metadata.labels['atrium.io/environment-name'] === environmentName &&
          e.spec.lifecycle === 'production',
      );
      expect(production.length).toBeGreaterThan(0);
    });

    it('writes the files a reproducible project needs', () => {
      const skeleton = path.join(templatesDir, name, 'skeleton');
      for (const file of [
        'README.md',
        'REPRODUCIBILITY.md',
        'environment.yml',
        'catalog-info.yaml',
        '.gitignore',
        'notebooks/01-explore.ipynb',
      ]) {
        expect(fs.existsSync(path.join(skeleton, file))).toBe(true);
      }
      expect(
        fs.readFileSync(path.join(skeleton, '.gitignore'), 'utf8').split('\n'),
      ).toEqual(expect.arrayContaining(['data/', 'outputs/']));
    });
  });
});
