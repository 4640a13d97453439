import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  assertProjectName,
  type LocalGitRepositories,
} from '@internal/local-git';
import { parseOwnerGroupRef } from '../names';
import { initiatorTeams, type InitiatorTeamsOptions } from './initiatorTeams';

export const PROJECT_VALIDATE_ACTION_ID = 'atrium:project:validate';

/**
 * Checks a new project's name and owner before anything is written: the name is a safe
 * folder, repository and entity name not taken in the catalog, the owner an existing
 * team the person running the template belongs to (any team for admins: the project is
 * registered with the scaffolder's credentials, so this is where teams are guarded).
 * The form checks the name's pattern too, but a task can be created without it.
 */
export function createProjectValidateAction(
  options: {
    catalog: CatalogService;
    repositories: LocalGitRepositories;
    /** The clock of the `date` output (tests pin it: a real day flips at midnight). */
    now?: () => Date;
  } & InitiatorTeamsOptions,
) {
  const now = options.now ?? (() => new Date());
  const { catalog, repositories } = options;
  return createTemplateAction({
    id: PROJECT_VALIDATE_ACTION_ID,
    description:
      "Checks a new project's name (3-40 lower-case letters, digits, dashes; not taken in the catalog) and owner (an existing Group the user belongs to; any Group for admins) before anything is created.",
    supportsDryRun: true,
    examples: [
      {
        description: 'Check the name and owner from the form',
        example: [
          'steps:',
          '  - id: project',
          '    name: Check name and owner',
          `    action: ${PROJECT_VALIDATE_ACTION_ID}`,
          '    input:',
          '      name: ${{ parameters.name }}',
          '      owner: ${{ parameters.owner }}',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        name: z => z.string({ description: 'Project name' }),
        owner: z =>
          z.string({
            description: 'Owning team, e.g. group:default/team-vision',
          }),
      },
      output: {
        name: z => z.string({ description: 'The project name' }),
        entityRef: z =>
          z.string({ description: 'The Component the project will be' }),
        ownerRef: z => z.string({ description: 'The owning Group entity ref' }),
        ownerName: z =>
          z.string({ description: 'The owning Group name (its folder)' }),
        date: z =>
          z.string({
            description:
              "Today's date (UTC, YYYY-MM-DD), for the files that record when the project began",
          }),
        localRemoteUrl: z =>
          z.string({
            description:
              'Where atrium:publish:local will publish the project (file:// URL)',
          }),
      },
    },
    async handler(ctx) {
      const name = assertProjectName(ctx.input.name);
      const owner = parseOwnerGroupRef(ctx.input.owner);
      const ownerRef = stringifyEntityRef(owner);
      const credentials = await ctx.getInitiatorCredentials();
      const entityRef = stringifyEntityRef({
        kind: 'component',
        namespace: 'default',
        name,
      });
      const [group, existing] = await Promise.all([
        catalog.getEntityByRef(ownerRef, { credentials }),
        catalog.getEntityByRef(entityRef, { credentials }),
      ]);
      if (!group) {
        throw new InputError(
          `There is no team ${ownerRef} in the catalog: choose an existing group as owner`,
        );
      }
      const teams = await initiatorTeams(credentials, options);
      if (!teams.mayChoose(ownerRef)) {
        throw new NotAllowedError(teams.refusal(ownerRef));
      }
      if (existing) {
        throw new ConflictError(
          `A project named '${name}' already exists (${entityRef}): choose another name`,
        );
      }
      const repo = repositories.repository(owner.name, name);
      if (await repositories.exists(repo)) {
        throw new ConflictError(
          `The repository ${owner.name}/${name} already exists: choose another project name`,
        );
      }
      ctx.output('name', name);
      ctx.output('entityRef', entityRef);
      ctx.output('ownerRef', ownerRef);
      ctx.output('ownerName', owner.name);
      ctx.output('localRemoteUrl', repo.remoteUrl);
      ctx.output('date', now().toISOString().slice(0, 10));
    },
  });
}
