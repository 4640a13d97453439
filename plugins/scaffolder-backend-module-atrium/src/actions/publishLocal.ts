import {
  createTemplateAction,
  getRepoSourceDirectory,
  serializeDirectoryContents,
} from '@backstage/plugin-scaffolder-node';
import { InputError } from '@backstage/errors';
import {
  assertProjectName,
  CATALOG_INFO_FILE,
  LocalGitRepositories,
} from '@internal/local-git';
import { parseOwnerGroupRef } from '../names';

export const PUBLISH_LOCAL_ACTION_ID = 'atrium:publish:local';

/**
 * Publishes the task's workspace as a new bare git repository on this machine, one
 * commit authored by the person who ran the template: the default when no GitHub or
 * GitLab integration is configured.
 */
export function createPublishLocalAction(options: {
  repositories: LocalGitRepositories;
}) {
  const { repositories } = options;
  return createTemplateAction({
    id: PUBLISH_LOCAL_ACTION_ID,
    description:
      "Publishes the workspace as a new git repository on the portal's machine (<atrium.scaffolder.localGit.root>/<team>/<name>.git), one commit by the user; refuses a name that exists.",
    examples: [
      {
        description: 'Publish the project to the local git store',
        example: [
          'steps:',
          '  - id: publish',
          '    name: Publish',
          `    action: ${PUBLISH_LOCAL_ACTION_ID}`,
          '    input:',
          '      name: ${{ parameters.name }}',
          '      owner: ${{ parameters.owner }}',
          '      commitMessage: Scaffolded from python-analysis 1.0.0',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        name: z => z.string({ description: 'Repository (project) name' }),
        owner: z =>
          z.string({
            description: 'Owning team (Group entity ref); names the folder',
          }),
        sourcePath: z =>
          z
            .string({
              description:
                'Folder of the workspace to publish (default: the whole workspace)',
            })
            .optional(),
        commitMessage: z =>
          z.string({ description: 'Message of the first commit' }).optional(),
      },
      output: {
        remoteUrl: z =>
          z.string({ description: 'file:// URL to clone the repository from' }),
        repoContentsUrl: z =>
          z.string({ description: 'Where the repository contents are' }),
        commitHash: z => z.string({ description: 'The first commit' }),
        catalogInfoPath: z =>
          z.string({
            description: 'Path of catalog-info.yaml in the repository',
          }),
        cloneCommand: z =>
          z.string({ description: 'The git command that clones the project' }),
      },
    },
    async handler(ctx) {
      const name = assertProjectName(ctx.input.name);
      const owner = parseOwnerGroupRef(ctx.input.owner);
      const repo = repositories.repository(owner.name, name);
      if (await repositories.exists(repo)) {
        throw new InputError(
          `The repository ${owner.name}/${name} already exists: choose another project name (its history is kept, never overwritten)`,
        );
      }

      const source = getRepoSourceDirectory(
        ctx.workspacePath,
        ctx.input.sourcePath,
      );
      // Like `git add .`: what the project's .gitignore ignores is not committed.
      const files = await serializeDirectoryContents(source, {
        gitignore: true,
      });
      if (files.length === 0) {
        throw new InputError(
          'There is nothing to publish: the template wrote no files',
        );
      }

      const profile = ctx.user?.entity?.spec?.profile;
      const userRef = ctx.user?.ref ?? 'unknown user';
      const author = {
        name:
          profile?.displayName ?? ctx.user?.entity?.metadata.name ?? userRef,
        email:
          profile?.email ??
          `${userRef.replace(/[^A-Za-z0-9._-]+/g, '.')}@atrium.local`,
      };
      const message =
        ctx.input.commitMessage ??
        `Scaffolded ${name}${
          ctx.templateInfo?.entityRef
            ? ` from ${ctx.templateInfo.entityRef}`
            : ''
        }`;

      const { commitHash } = await repositories.create({
        repo,
        files,
        author,
        message,
        // atrium:catalog:register registers only what the same task published.
        taskId: ctx.task.id,
      });
      ctx.logger.info(
        `Published ${files.length} files to ${
          repo.remoteUrl
        } (commit ${commitHash.slice(0, 7)} by ${author.name})`,
      );
      ctx.output('remoteUrl', repo.remoteUrl);
      ctx.output('repoContentsUrl', repo.remoteUrl);
      ctx.output('commitHash', commitHash);
      ctx.output('catalogInfoPath', `/${CATALOG_INFO_FILE}`);
      ctx.output('cloneCommand', `git clone ${repo.remoteUrl}`);
    },
  });
}
