import type { AuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { InputError, isError, NotAllowedError } from '@backstage/errors';
import {
  locationSpecToMetadataName,
  type CatalogService,
} from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CATALOG_INFO_FILE,
  LOCAL_GIT_LOCATION_TYPE,
  type LocalGitRepositories,
} from '@internal/local-git';
import {
  initiatorTeams,
  normalizedRef,
  type InitiatorTeamsOptions,
} from './initiatorTeams';

export const CATALOG_REGISTER_ACTION_ID = 'atrium:catalog:register';

const DEFAULT_WAIT_SECONDS = 30;

/** The entity a project's catalog-info.yaml is about: its Component, else the first. */
function mainEntity(entities: Entity[]): Entity | undefined {
  const real = entities.filter(e => e.kind !== 'Location');
  return real.find(e => e.kind === 'Component') ?? real[0];
}

/**
 * Registers a scaffolded project in the catalog and waits until the catalog has it, so
 * the task page's "Open in catalog" link works at once.
 *
 * The location is added with the scaffolder's own service credentials: Atrium's policy
 * lets only admins register locations (`catalog.location.create`), and a data
 * scientist's template run must still end in the catalog. Service principals are not
 * subject to the permission policy. So what gets registered is limited here, whatever
 * the template says: a local repository under the git root (read through the
 * `atrium-git` location type) that atrium:publish:local created in the same task, or the
 * catalog-info.yaml URL of a published repository; and every entity it holds must be
 * owned by one of the initiator's teams (any team for admins), as
 * atrium:project:validate checked for the form's owner.
 */
export function createCatalogRegisterAction(
  options: {
    catalog: CatalogService;
    auth: AuthService;
    repositories: LocalGitRepositories;
  } & InitiatorTeamsOptions,
) {
  const { catalog, auth, repositories } = options;
  return createTemplateAction({
    id: CATALOG_REGISTER_ACTION_ID,
    description:
      "Registers a freshly published project's catalog-info.yaml (a local repository, or a URL on GitHub/GitLab) with the portal's credentials, and waits until the entity is in the catalog.",
    examples: [
      {
        description: 'Register a project published with atrium:publish:local',
        example: [
          'steps:',
          '  - id: register',
          '    name: Register in the catalog',
          `    action: ${CATALOG_REGISTER_ACTION_ID}`,
          '    input:',
          "      repoUrl: ${{ steps['publish-local'].output.remoteUrl }}",
        ].join('\n'),
      },
      {
        description: 'Register a project published with publish:github',
        example: [
          'steps:',
          '  - id: register',
          '    name: Register in the catalog',
          `    action: ${CATALOG_REGISTER_ACTION_ID}`,
          '    input:',
          "      catalogInfoUrl: ${{ steps['publish-github'].output.repoContentsUrl }}/catalog-info.yaml",
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        repoUrl: z =>
          z
            .string({
              description:
                'file:// URL of a repository published by atrium:publish:local',
            })
            .optional(),
        catalogInfoUrl: z =>
          z
            .string({
              description:
                'http(s) URL of the catalog-info.yaml of a repository on GitHub or GitLab',
            })
            .optional(),
        waitSeconds: z =>
          z
            .number({
              description: `How long to wait for the entity to appear (default ${DEFAULT_WAIT_SECONDS})`,
            })
            .min(0)
            .max(300)
            .optional(),
      },
      output: {
        entityRef: z =>
          z.string({ description: 'The registered entity (the Component)' }),
        locationRef: z =>
          z.string({ description: 'The catalog location, type:target' }),
      },
    },
    async handler(ctx) {
      const { repoUrl, catalogInfoUrl } = ctx.input;
      if (!!repoUrl === !!catalogInfoUrl) {
        throw new InputError(
          'Give exactly one of repoUrl (a local repository) or catalogInfoUrl (a catalog-info.yaml URL)',
        );
      }
      let location: { type: string; target: string };
      if (repoUrl) {
        const repo = repositories.repositoryFromUrl(repoUrl);
        if (!(await repositories.exists(repo))) {
          throw new InputError(
            `There is no repository at ${repoUrl}: publish it first (atrium:publish:local)`,
          );
        }
        if ((await repositories.publishedByTask(repo)) !== ctx.task.id) {
          throw new NotAllowedError(
            `${repo.owner}/${repo.name} was not published by this task: atrium:catalog:register registers only the repository atrium:publish:local created in the same run`,
          );
        }
        location = { type: LOCAL_GIT_LOCATION_TYPE, target: repo.remoteUrl };
      } else {
        let url: URL;
        try {
          url = new URL(catalogInfoUrl!);
        } catch {
          throw new InputError(
            `catalogInfoUrl '${catalogInfoUrl}' is not a URL`,
          );
        }
        if (url.protocol !== 'https:' && url.protocol !== 'http:') {
          throw new InputError(
            `catalogInfoUrl must be an http(s) URL, not ${url.protocol}`,
          );
        }
        location = { type: 'url', target: url.href };
      }
      const locationRef = `${location.type}:${location.target}`;

      const serviceCredentials = await auth.getOwnServiceCredentials();
      // A dry run first: it reads and validates the file and tells which entity it
      // holds, and a broken catalog-info.yaml fails here with the catalog's reason.
      const preview = await catalog.addLocation(
        { ...location, dryRun: true },
        { credentials: serviceCredentials },
      );
      const entity = mainEntity(preview.entities);
      if (!entity) {
        throw new InputError(
          `${location.target} holds no entity in ${CATALOG_INFO_FILE}: the template must write one`,
        );
      }
      const entityRef = stringifyEntityRef(entity);
      const userCredentials = await ctx.getInitiatorCredentials();
      const teams = await initiatorTeams(userCredentials, options);
      for (const held of preview.entities.filter(e => e.kind !== 'Location')) {
        const owner = held.spec?.owner;
        if (typeof owner !== 'string' || !owner) {
          throw new InputError(
            `${CATALOG_INFO_FILE} holds ${stringifyEntityRef(
              held,
            )}, which has no owner: a project registers only entities its team owns`,
          );
        }
        const ownerRef = normalizedRef(owner, held.metadata.namespace);
        if (!teams.mayChoose(ownerRef)) {
          throw new NotAllowedError(
            `${stringifyEntityRef(
              held,
            )} is owned by ${ownerRef}. ${teams.refusal(ownerRef)}`,
          );
        }
      }

      if (preview.exists) {
        ctx.logger.info(`${locationRef} is already registered`);
      } else {
        await catalog.addLocation(location, {
          credentials: serviceCredentials,
        });
        ctx.logger.info(`Registered ${locationRef}`);
      }
      ctx.output('entityRef', entityRef);
      ctx.output('locationRef', locationRef);

      // New locations are processed at the catalog's next tick; a refresh asks for it
      // now. The entity is then read with the user's credentials: what they will see.
      await catalog
        .refreshEntity(
          stringifyEntityRef({
            kind: 'location',
            namespace: 'default',
            name: locationSpecToMetadataName(location),
          }),
          { credentials: serviceCredentials },
        )
        .catch(() => undefined);
      const waitMs = (ctx.input.waitSeconds ?? DEFAULT_WAIT_SECONDS) * 1000;
      const deadline = Date.now() + waitMs;
      for (;;) {
        const found = await catalog
          .getEntityByRef(entityRef, { credentials: userCredentials })
          .catch(error => {
            if (isError(error)) ctx.logger.warn(error.message);
            return undefined;
          });
        if (found) {
          ctx.logger.info(`${entityRef} is in the catalog`);
          return;
        }
        if (Date.now() >= deadline || ctx.signal?.aborted) break;
        await new Promise(resolve => setTimeout(resolve, 500));
      }
      ctx.logger.warn(
        `${entityRef} is registered but not in the catalog yet: it appears once the catalog has processed ${locationRef}`,
      );
    },
  });
}
