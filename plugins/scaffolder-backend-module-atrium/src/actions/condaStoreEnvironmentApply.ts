import { setTimeout as sleep } from 'node:timers/promises';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { summarizeBuildFailure } from '@internal/plugin-environments-common';
import type {
  CondaStoreApi,
  CondaStoreBuild,
} from '@internal/plugin-environments-node';
import { condaStoreEnvironmentName } from '@internal/plugin-catalog-backend-module-conda-store';
import {
  condaStoreSpecOf,
  formatDuration,
  type CondaStoreApplySettings,
} from './condaStoreEnvironmentSpec';
import { initiatorTeams, type InitiatorTeamsOptions } from './initiatorTeams';

export const CONDA_STORE_ENVIRONMENT_APPLY_ACTION_ID =
  'atrium:conda-store:environment:apply';

/**
 * Creates or updates an environment in conda-store as the person running the template,
 * and follows its build to the end: QUEUED, BUILDING, then COMPLETED (the step succeeds)
 * or FAILED (the step fails with the solver's message from the build log).
 *
 * The portal calls conda-store with its own token, so who may build where is decided
 * here: a person builds in their own namespace (conda-store's per-user namespace is the
 * user name) or their teams', admins anywhere, as for projects (initiatorTeams).
 */
export function createCondaStoreEnvironmentApplyAction(
  options: {
    condaStore: CondaStoreApi;
    settings: CondaStoreApplySettings;
  } & InitiatorTeamsOptions,
) {
  const { condaStore, settings } = options;
  return createTemplateAction({
    id: CONDA_STORE_ENVIRONMENT_APPLY_ACTION_ID,
    description:
      "Creates or updates a conda-store environment in the user's own namespace or one of their teams' (any for admins), after checking its name, channels and pins against the site's rules, and follows the build to COMPLETED; a failed build fails the step with the solver's message.",
    examples: [
      {
        description: 'Build an environment in the team namespace',
        example: [
          'steps:',
          '  - id: environment',
          '    name: Build the environment',
          `    action: ${CONDA_STORE_ENVIRONMENT_APPLY_ACTION_ID}`,
          '    input:',
          '      namespace: team-vision',
          '      name: vision-training',
          '      channels: [conda-forge]',
          '      dependencies: [python=3.12.7, pytorch=2.5.1, pip=24.3.1]',
          '      pip: [great-tables==0.14.0]',
          '      description: Training environment of the vision team',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        namespace: z =>
          z.string({
            description:
              "conda-store namespace: the user's name or one of their teams",
          }),
        name: z => z.string({ description: 'Environment name' }),
        channels: z =>
          z
            .array(z.string(), {
              description:
                "Channels (default: the site's first allowed channel)",
            })
            .optional(),
        dependencies: z =>
          z.array(z.string(), {
            description: 'Conda match specs, e.g. numpy=2.1.3',
          }),
        pip: z =>
          z
            .array(z.string(), {
              description: 'pip requirements, e.g. requests==2.32.3',
            })
            .optional(),
        description: z =>
          z.string({ description: 'What the environment is for' }).optional(),
      },
      output: {
        buildId: z => z.number({ description: 'The conda-store build id' }),
        namespace: z => z.string({ description: 'The conda-store namespace' }),
        environment: z =>
          z.string({ description: 'The environment name in conda-store' }),
        status: z =>
          z.string({ description: "The build's last status (COMPLETED)" }),
        entityRef: z =>
          z.string({ description: "The environment's catalog entity ref" }),
        catalogUrl: z =>
          z.string({ description: "The environment's catalog page" }),
      },
    },
    async handler(ctx) {
      const { namespace, name } = ctx.input;
      const checked = condaStoreSpecOf(ctx.input, settings);
      if ('problems' in checked) {
        throw new InputError(checked.problems.join('\n'));
      }
      const credentials = await ctx.getInitiatorCredentials();
      const initiator = await initiatorTeams(credentials, options);
      if (!namespaceOwnerRefs(namespace, settings).some(initiator.mayChoose)) {
        const choices = [
          ...(initiator.userName ? [`your own (${initiator.userName})`] : []),
          ...(initiator.teams.length
            ? [`one of your teams' (${initiator.teams.join(', ')})`]
            : []),
        ];
        throw new NotAllowedError(
          `You may not build environments in the conda-store namespace '${namespace}': choose ${
            choices.join(' or ') || 'a namespace an admin gives you'
          }.`,
        );
      }

      const entityName = condaStoreEnvironmentName(namespace, name);
      const catalogUrl = `/catalog/default/resource/${entityName}`;
      const where = `${namespace}/${name}`;
      ctx.output('namespace', namespace);
      ctx.output('environment', name);
      ctx.output(
        'entityRef',
        stringifyEntityRef({ kind: 'resource', name: entityName }),
      );
      ctx.output('catalogUrl', catalogUrl);

      // A recovered task must not queue a second build of the same specification.
      let buildId: number;
      try {
        buildId = await ctx.checkpoint({
          key: `conda-store-build-${where}`,
          fn: () => condaStore.submitSpecification(namespace, checked.spec),
        });
      } catch (error) {
        // A refused token is the portal's to fix, not the person's.
        const hint =
          (error as Error).name === 'NotAllowedError'
            ? " Ask the portal's admins to check the portal's conda-store token."
            : '';
        throw new Error(
          `conda-store did not accept the environment ${where}: ${
            (error as Error).message
          }.${hint}`,
        );
      }
      ctx.output('buildId', buildId);
      ctx.logger.info(
        `Submitted ${where} to conda-store (${condaStore.url}): build ${buildId}`,
      );

      const build = await followBuild(condaStore, buildId, settings, {
        signal: ctx.signal,
        log: message =>
          ctx.logger.info(`Build ${buildId} of ${where}: ${message}`),
      });
      ctx.output('status', build.status);
      if (build.status === 'FAILED') {
        const { failure, solverFailure } = summarizeBuildFailure(
          await condaStore.getBuildLog(buildId),
        );
        throw new Error(
          solverFailure
            ? `Build ${buildId} of ${where} failed: conda could not solve the dependencies. Change the versions or packages it names and run the template again.\n${failure}`
            : `Build ${buildId} of ${where} failed; the end of its log:\n${failure}`,
        );
      }
      if (build.status === 'CANCELED') {
        throw new Error(
          `Build ${buildId} of ${where} was canceled in conda-store: run the template again to build it.`,
        );
      }
      ctx.logger.info(
        `${where} is ready; the catalog lists it at ${catalogUrl} after its next conda-store sync (within minutes).`,
      );
    },
  });
}

/** Whose namespace it is: the person named like it, the team named like it, or the configured owner. */
function namespaceOwnerRefs(
  namespace: string,
  settings: CondaStoreApplySettings,
): string[] {
  return [
    `user:default/${namespace}`,
    `group:default/${namespace}`,
    ...(namespace === 'global' ? [settings.platformOwner] : []),
    ...(settings.namespaceOwners[namespace]
      ? [settings.namespaceOwners[namespace]]
      : []),
  ];
}

/**
 * Polls the build until it ends, logging each status change; throws when it stays
 * QUEUED past `queueTimeoutMs` (no worker took it), runs past `buildTimeoutMs`, or the
 * task is cancelled. The build itself goes on in conda-store in all three cases.
 */
async function followBuild(
  condaStore: CondaStoreApi,
  buildId: number,
  settings: CondaStoreApplySettings,
  options: { signal?: AbortSignal; log(message: string): void },
): Promise<CondaStoreBuild> {
  const started = Date.now();
  let status: string | undefined;
  for (;;) {
    const build = await condaStore.getBuild(buildId);
    if (build.status !== status) {
      options.log(
        status === undefined
          ? build.status
          : `${build.status} (${formatDuration(
              Date.now() - started,
            )} after submission)`,
      );
      status = build.status;
    }
    if (['COMPLETED', 'FAILED', 'CANCELED'].includes(build.status)) {
      return build;
    }
    const elapsed = Date.now() - started;
    if (build.status === 'QUEUED' && elapsed >= settings.queueTimeoutMs) {
      throw new Error(
        `conda-store has not started the build in ${formatDuration(
          settings.queueTimeoutMs,
        )}: its workers may be down (ask DevOps). Build ${buildId} stays queued and runs when they are back.`,
      );
    }
    if (elapsed >= settings.buildTimeoutMs) {
      throw new Error(
        `Build ${buildId} did not finish in ${formatDuration(
          settings.buildTimeoutMs,
        )} (it is ${
          build.status
        }); it goes on in conda-store: see the environment's builds in the catalog later.`,
      );
    }
    try {
      await sleep(settings.pollIntervalMs, undefined, {
        signal: options.signal,
      });
    } catch {
      throw new Error(
        `The task was cancelled while build ${buildId} was ${build.status}; the build goes on in conda-store.`,
      );
    }
  }
}
