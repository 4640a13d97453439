import { parseEntityRef } from '@backstage/catalog-model';
import { InputError, ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { Workspace } from '@internal/plugin-workspaces-common';
import type { WorkspacesApi } from '@internal/plugin-workspaces-node';

export const WORKSPACE_LAUNCH_ACTION_ID = 'atrium:workspace:launch';

const DEFAULT_WAIT_SECONDS = 20;

/** The workspaces backend's own sentence for a refusal, else the error's message. */
function reasonOf(error: unknown): string {
  if (ResponseError.is(error)) return error.cause.message;
  return (error as Error).message;
}

/**
 * Launches a notebook workspace for a new project as the person who ran the template:
 * the workspaces backend is called with a token on their behalf, so its permission,
 * profile access, quota and budget checks apply to them exactly as in the portal.
 */
export function createWorkspaceLaunchAction(options: {
  workspaces: WorkspacesApi;
}) {
  const { workspaces } = options;
  return createTemplateAction({
    id: WORKSPACE_LAUNCH_ACTION_ID,
    description:
      'Creates and starts a notebook workspace for the project, as the user who runs the template (their quotas and budgets apply); a refusal fails the step with the reason.',
    examples: [
      {
        description: 'Launch a workspace when the form asked for one',
        example: [
          'steps:',
          '  - id: workspace',
          '    name: Launch a workspace',
          `    action: ${WORKSPACE_LAUNCH_ACTION_ID}`,
          '    if: ${{ parameters.launchWorkspace }}',
          '    input:',
          '      name: ${{ parameters.name }}',
          "      projectRef: ${{ steps['register'].output.entityRef }}",
          '      profile: ${{ parameters.profile }}',
          "      environmentRef: ${{ steps['environment'].output.entityRef }}",
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        name: z => z.string({ description: 'Workspace name' }),
        projectRef: z =>
          z.string({ description: 'The project Component entity ref' }),
        profile: z => z.string({ description: 'Workspace profile slug' }),
        environmentRef: z =>
          z.string({ description: 'The environment version entity ref' }),
        gitCommit: z =>
          z
            .string({ description: 'The commit the workspace starts at' })
            .optional(),
        waitSeconds: z =>
          z
            .number({
              description: `How long to wait for the notebook URL (default ${DEFAULT_WAIT_SECONDS}; 0: do not wait)`,
            })
            .min(0)
            .max(300)
            .optional(),
      },
      output: {
        workspaceId: z => z.string({ description: 'The workspace id' }),
        workspaceUrl: z =>
          z.string({
            description: "The portal page of the project's workspaces",
          }),
        notebookUrl: z =>
          z
            .string({ description: 'Where the notebook opens, once running' })
            .optional(),
      },
    },
    async handler(ctx) {
      const { name, projectRef, profile, environmentRef, gitCommit } =
        ctx.input;
      let project;
      try {
        project = parseEntityRef(projectRef, { defaultKind: 'component' });
      } catch {
        throw new InputError(
          `projectRef '${projectRef}' is not an entity ref such as component:default/my-project`,
        );
      }

      // On behalf of the person who ran the template: their checks apply.
      const asInitiator = {
        credentials: await ctx.getInitiatorCredentials(),
        signal: ctx.signal,
      };

      // Created stopped, then started: a refused start (quota, budget) leaves a
      // workspace the person can start later, and the reason is the start's own.
      let workspace: Workspace;
      try {
        workspace = await workspaces.createWorkspace(
          {
            name,
            profile,
            project: projectRef,
            environment: environmentRef,
            ...(gitCommit ? { gitCommit } : {}),
            start: false,
          },
          asInitiator,
        );
      } catch (error) {
        throw new Error(
          `The workspace '${name}' could not be created: ${reasonOf(error)}`,
        );
      }
      ctx.logger.info(
        `Created workspace '${workspace.name}' (${workspace.id})`,
      );
      // A path in the portal: the task page opens it in place, not in a new tab.
      const workspaceUrl = `/catalog/${
        project.namespace
      }/${project.kind.toLocaleLowerCase('en-US')}/${project.name}/workspaces`;
      ctx.output('workspaceId', workspace.id);
      ctx.output('workspaceUrl', workspaceUrl);

      try {
        workspace = await workspaces.startWorkspace(workspace.id, asInitiator);
      } catch (error) {
        throw new Error(
          `The workspace '${name}' was created but not started: ${reasonOf(
            error,
          )}`,
        );
      }
      ctx.logger.info(`Starting workspace '${workspace.name}'`);

      const deadline =
        Date.now() + (ctx.input.waitSeconds ?? DEFAULT_WAIT_SECONDS) * 1000;
      while (
        workspace.status === 'starting' &&
        Date.now() < deadline &&
        !ctx.signal?.aborted
      ) {
        await new Promise(resolve => setTimeout(resolve, 1000));
        workspace = await workspaces.getWorkspace(workspace.id, asInitiator);
      }
      if (workspace.status === 'failed') {
        throw new Error(
          `The workspace '${name}' failed to start: ${
            workspace.statusReason ?? 'see its history on the Workspaces page'
          }`,
        );
      }
      if (workspace.url) {
        ctx.output('notebookUrl', workspace.url);
        ctx.logger.info(`Workspace '${name}' is running: ${workspace.url}`);
      } else {
        ctx.logger.info(
          `Workspace '${name}' is ${workspace.status}: follow it at ${workspaceUrl}`,
        );
      }
    },
  });
}
