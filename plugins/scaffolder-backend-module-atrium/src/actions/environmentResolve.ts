import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CONDA_ENVIRONMENT_TYPE,
  ENVIRONMENT_NAME_LABEL,
  compareVersions,
  findUnpinnedDependencies,
  readCondaEnvironment,
  renderEnvironmentYml,
} from '@internal/plugin-environments-common';

export const ENVIRONMENT_RESOLVE_ACTION_ID = 'atrium:environment:resolve';

/**
 * Reads a curated environment version from the catalog and refuses one a new project
 * must not start on: deprecated, or with any dependency not pinned to one version.
 */
export function createEnvironmentResolveAction(options: {
  catalog: CatalogService;
}) {
  const { catalog } = options;
  return createTemplateAction({
    id: ENVIRONMENT_RESOLVE_ACTION_ID,
    description:
      'Reads a curated conda environment version (a catalog Resource of type conda-environment) for a new project, refusing deprecated versions and unpinned dependencies; outputs its environment.yml.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Resolve the environment chosen in the form',
        example: [
          'steps:',
          '  - id: environment',
          '    name: Resolve the environment',
          `    action: ${ENVIRONMENT_RESOLVE_ACTION_ID}`,
          '    input:',
          '      environmentRef: ${{ parameters.environment }}',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        environmentRef: z =>
          z.string({
            description:
              'Entity ref of the environment version, e.g. resource:default/python-data-science-2026.11',
          }),
      },
      output: {
        name: z =>
          z.string({
            description: 'Environment name, e.g. python-data-science',
          }),
        version: z =>
          z.string({ description: 'Environment version, e.g. 2026.11' }),
        entityRef: z => z.string({ description: 'The environment entity ref' }),
        channels: z => z.array(z.string(), { description: 'Conda channels' }),
        environmentYml: z =>
          z.string({ description: 'The environment.yml of this version' }),
      },
    },
    async handler(ctx) {
      const credentials = await ctx.getInitiatorCredentials();
      let ref: string;
      try {
        ref = stringifyEntityRef(
          parseEntityRef(ctx.input.environmentRef, { defaultKind: 'resource' }),
        );
      } catch {
        throw new InputError(
          `environmentRef '${ctx.input.environmentRef}' is not an entity ref: choose an environment from the list`,
        );
      }
      const entity = await catalog.getEntityByRef(ref, { credentials });
      if (!entity) {
        throw new NotFoundError(
          `There is no environment ${ref} in the catalog: choose one from the list`,
        );
      }
      const env = readCondaEnvironment(entity);

      if (env.lifecycle === 'deprecated') {
        // Name the newest version a project may use instead.
        const { items } = await catalog.getEntities(
          {
            filter: {
              kind: 'Resource',
              'spec.type': CONDA_ENVIRONMENT_TYPE,
              [`metadata.labels.${ENVIRONMENT_NAME_LABEL}`]: env.name,
            },
          },
          { credentials },
        );
        const newest = items
          .filter(e => e.spec?.lifecycle !== 'deprecated')
          .map(
            e =>
              (e.spec?.environment as { version?: unknown } | undefined)
                ?.version,
          )
          .filter((v): v is string => typeof v === 'string')
          .sort(compareVersions)
          .pop();
        throw new InputError(
          newest
            ? `${env.name} ${env.version} is deprecated: choose ${newest}`
            : `${env.name} ${env.version} is deprecated and no newer version exists: ask the platform team for one`,
        );
      }

      const unpinned = findUnpinnedDependencies(env);
      if (unpinned.length > 0) {
        const [first] = unpinned;
        const more =
          unpinned.length > 1
            ? ` (and ${unpinned
                .slice(1)
                .map(d => d.spec)
                .join(', ')})`
            : '';
        throw new InputError(
          `${
            first.spec
          } is not pinned: environments must pin exact versions${more}. ${
            first.unpinnedReason ?? ''
          }`.trim(),
        );
      }

      ctx.logger.info(
        `Environment ${env.name} ${env.version} (${
          env.dependencies.length
        } pinned packages from ${env.channels.join(', ')})`,
      );
      ctx.output('name', env.name);
      ctx.output('version', env.version);
      ctx.output('entityRef', env.entityRef);
      ctx.output('channels', env.channels);
      ctx.output('environmentYml', renderEnvironmentYml(env));
    },
  });
}
